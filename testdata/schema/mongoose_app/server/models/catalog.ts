import mongoose, { Schema, model } from 'mongoose';

interface IProduct {
  name: string;
}

const productSchema = new Schema<IProduct>({
  name: String,
  category: { type: Schema.Types.ObjectId, ref: 'Category' },
  lines: [{ sku: String, supplier: { type: Schema.Types.ObjectId, ref: 'Company' } }],
});

// The third argument names the collection.
export const Product = model<IProduct>('Product', productSchema, 'catalog_products');

// The schema option names the collection.
const categorySchema = new Schema({ name: String }, { collection: 'product_categories' });
export const Category = mongoose.connection.model('Category', categorySchema);

// Mongoose's own plural rules: Company → companies, Person → people.
export const Company = model('Company', new Schema({ name: String }));
export const Person = model('Person', new Schema({ employer: { type: Schema.Types.ObjectId, ref: 'Company' } }));

// Only the first call runs: a model is always truthy.
export const Merchant =
  (mongoose.models.Merchant as mongoose.Model<unknown>) ||
  mongoose.model('Merchant', new Schema({ name: String })) ||
  mongoose.model('LegacyMerchant', new Schema({ name: String }));

export const Coupon = model('Coupon', new Schema({ code: String }));

const kind = process.env.KIND as string;
export const Dynamic = model(kind, new Schema({ x: String }));
