const Mongoose = require('mongoose');

const { Schema } = Mongoose;

// A subdocument schema of its own, used in an array below.
const CartItemSchema = new Schema({
  product: { type: Schema.Types.ObjectId, ref: 'Product' },
  quantity: Number,
});

module.exports = Mongoose.model('CartItem', CartItemSchema);

const CartSchema = new Schema({
  products: [CartItemSchema],
  user: { type: Schema.Types.ObjectId, ref: 'User' },
  coupons: [{ type: Schema.Types.ObjectId, ref: 'Coupon' }],
  // The target model is chosen per document: a warning, no relation.
  owner: { type: Schema.Types.ObjectId, refPath: 'ownerModel' },
  ownerModel: String,
});

module.exports = Mongoose.model('Cart', CartSchema);
