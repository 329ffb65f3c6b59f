require "markdown_renderer"

class Post < ApplicationRecord
  include Taggable
  belongs_to :user
  belongs_to :subject, polymorphic: true
  has_many :comments, class_name: "Blog::Comment"
  has_many :votes
  has_many :voters, through: :votes, source: :user

  def slug
    Slugger.slug(title)
  end

  def html
    MarkdownRenderer.new(body).to_html
  end
end
