require_relative "boot"
require "rails/all"

module Blog
  class Application < Rails::Application
  end
end
