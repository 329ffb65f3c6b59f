module Blog
  class Comment < ApplicationRecord
    belongs_to :post
    belongs_to :author, class_name: "User"

    def thread
      Thread.new(self)
    end
  end
end
