const Cart = require('../../server/models/cart');

module.exports = async function abandonedCarts() {
  return Cart.find({ user: null });
};
