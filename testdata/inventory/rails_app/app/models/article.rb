class Article < ApplicationRecord
  def self.expire_stale!; end
end
