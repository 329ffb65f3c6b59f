ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "users", force: :cascade do |t|
    t.string "email", null: false
    t.string "name"
    t.datetime "created_at", null: false
    t.index ["email"], unique: true
  end

  create_table "addresses", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.string "line1"
    t.string "city"
  end

  create_table "login_attempts", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.datetime "at"
    t.boolean "ok"
  end

  create_table "payment_methods", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.string "kind"
  end

  create_table "invoices", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.decimal "total", precision: 10, scale: 2
  end

  create_table "payments", force: :cascade do |t|
    t.bigint "invoice_id", null: false
    t.bigint "payment_method_id", null: false
    t.decimal "amount", precision: 10, scale: 2
    t.datetime "created_at", null: false
  end

  create_table "transactions", force: :cascade do |t|
    t.bigint "payment_id", null: false
    t.string "gateway_ref"
  end

  create_table "refunds", force: :cascade do |t|
    t.bigint "payment_id", null: false
    t.decimal "amount", precision: 10, scale: 2
  end

  create_table "payouts", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.decimal "amount", precision: 10, scale: 2
  end

  create_table "email_templates", force: :cascade do |t|
    t.string "name", null: false
    t.text "body"
  end

  create_table "notifications", force: :cascade do |t|
    t.bigint "user_id"
    t.bigint "email_template_id", null: false
    t.datetime "sent_at"
  end

  create_table "deliveries", force: :cascade do |t|
    t.bigint "notification_id", null: false
    t.string "status"
  end

  create_table "subscriptions", force: :cascade do |t|
    t.bigint "user_id"
    t.string "channel"
  end

  add_foreign_key "addresses", "users"
  add_foreign_key "login_attempts", "users"
  add_foreign_key "payment_methods", "users"
  add_foreign_key "invoices", "users"
  add_foreign_key "payments", "invoices"
  add_foreign_key "payments", "payment_methods"
  add_foreign_key "transactions", "payments"
  add_foreign_key "refunds", "payments"
  add_foreign_key "payouts", "users"
  add_foreign_key "notifications", "email_templates"
  add_foreign_key "deliveries", "notifications"
end
