class BackfillTitles < ActiveRecord::Migration[7.1]
  # A migration's own model: references below mean this class, not app/models/post.rb.
  class Post < ActiveRecord::Base
    self.table_name = "posts"
  end

  def up
    create_table :drafts do |t|
      t.belongs_to :user
    end
    Post.where(title: nil).update_all(title: "Untitled")
  end
end
