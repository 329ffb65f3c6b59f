class Slugger
  def self.slug(text)
    String.new(text).downcase
  end
end
