require_relative "../../../lib/markdown_renderer"

class Publishing::Notifier
  def notify(post)
    MarkdownRenderer.plain(post.title)
  end
end
