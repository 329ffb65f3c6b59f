module Blog
  class Thread
    def initialize(comment)
      @comment = comment
    end
  end
end
