class Category < ApplicationRecord
  has_many :stories
end
