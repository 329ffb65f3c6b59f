class ArticlesController < ApplicationController
  def index
    ActiveSupport::Notifications.instrument("articles.listed")
  end
end
