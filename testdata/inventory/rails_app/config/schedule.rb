every 1.day, at: "4:30 am" do
  runner "Article.expire_stale!"
end

every :hour do
  rake "search:reindex"
end
