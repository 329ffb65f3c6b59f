class Digest
  def run
    ActiveRecord::Base.connection.execute("SELECT s.title FROM stories s JOIN people p ON p.id = s.person_id")
    Story.where(category_id: 1)
  end
end
