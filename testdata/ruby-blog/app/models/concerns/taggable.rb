module Taggable
  extend ActiveSupport::Concern
end
