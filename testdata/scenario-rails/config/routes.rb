Rails.application.routes.draw do
  namespace :payments do
    resources :checkouts, only: [:create]
  end
  namespace :users do
    resources :password_resets, only: [:create]
  end
end
