require "markdown_renderer"

class Post < ApplicationRecord
  include Taggable
  belongs_to :user
  belongs_to :subject, polymorphic: true
  has_many :comments, class_name: "Blog::Comment"

  def html
    MarkdownRenderer.new(body).to_html
  end
end
