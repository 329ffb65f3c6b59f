class User < ApplicationRecord
  has_many :posts
  has_many :remarks, class_name: "Blog::Comment"
  has_one :profile

  def display_name
    MarkdownRenderer.plain(name)
  end
end
