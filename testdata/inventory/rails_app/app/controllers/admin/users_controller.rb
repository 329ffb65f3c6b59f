module Admin
  class UsersController < ApplicationController
  end
end
