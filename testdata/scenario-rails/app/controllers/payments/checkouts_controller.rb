module Payments
  class CheckoutsController < ApplicationController
    def create
      payment = Checkout.pay(params[:invoice_id], params[:method])
      render json: { id: payment.id }
    end
  end
end
