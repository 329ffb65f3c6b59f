class MarkdownRenderer
  def self.plain(text)
    text.to_s
  end

  def initialize(body)
    @body = body
  end

  def to_html
    "<p>#{@body}</p>"
  end
end
