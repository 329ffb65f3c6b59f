module Publishing
  class Publisher
    def call
      Notifier.new.notify(::Post.last)
    end
  end
end
