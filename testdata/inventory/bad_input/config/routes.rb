Rails.application.routes.draw do
  get "/ok" => "pages#ok"

  [:a, :b].each do |name|
    get "/#{name}" => "pages##{name}"
  end

  get "/dynamic/#{ENV["PREFIX"]}" => "pages#dynamic"
  instance_eval(File.read("extra_routes.rb"))
  send(:get, "/sent", to: "pages#sent")
  draw_api_routes version: 2

  resources :widgets, only: [:index do
  get "/after" => "pages#after"
end
