Rails.application.routes.draw do
  root "home#index"

  get "/about" => "pages#about", :as => "about"
  get "/old", to: redirect("/about")
  match "/search" => "search#index", :via => [:get, :post]
  post "reports/rebuild"

  resources :articles, except: [:destroy] do
    resources :comments, only: [:index, :create]
    member do
      post :publish
    end
    collection do
      get "drafts"
    end
    post "like"
  end

  resource :profile, only: %i[show update]

  namespace :admin do
    resources :users, only: :index
    get "stats" => "dashboard#stats"
  end

  scope "/api", module: "api" do
    get "/status" => "status#show"
  end

  mount Sidekiq::Web => "/sidekiq"

  %w[terms privacy].each do |page|
    get page => "pages##{page}"
  end

  draw_extra_routes

  concern :commentable do
    resources :notes, only: [:index]
  end
  resources :photos, only: [:show], concerns: :commentable
  resources :videos, only: [] do
    concerns :commentable
    concerns :missing
  end
end
