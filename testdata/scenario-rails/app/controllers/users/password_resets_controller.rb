module Users
  class PasswordResetsController < ApplicationController
    def create
      PasswordReset.start(params[:email])
      head :accepted
    end
  end
end
