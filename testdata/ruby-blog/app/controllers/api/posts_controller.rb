module API
  class PostsController < ApplicationController
    def index
      render json: Post.where(user: User.find(params[:user_id]))
    end

    def comments
      render json: Blog::Comment.where(post_id: params[:id])
    end

    def publish
      Publishing::Publisher.new.call
    end
  end
end
