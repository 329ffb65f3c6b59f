ActiveSupport::Notifications.subscribe("articles.listed") do |*args|
  args
end
