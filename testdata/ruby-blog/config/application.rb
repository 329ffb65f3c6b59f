require_relative "boot"
require "rails/all"

module Blog
  class Application < Rails::Application
    config.autoload_paths.push(
      "#{root}/extras"
    )
  end
end
