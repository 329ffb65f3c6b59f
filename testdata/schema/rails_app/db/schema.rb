# This file is auto-generated from the current state of the database.
ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "categories", force: :cascade do |t|
    t.string "name", null: false
    t.index ["name"], name: "index_categories_on_name", unique: true
  end

  create_table "people", force: :cascade do |t|
    t.string "email", null: false
    t.timestamps
  end

  create_table "stories", id: :serial, force: :cascade do |t|
    t.bigint "category_id", null: false
    t.bigint "person_id"
    t.integer "merged_story_id"
    t.string "title", limit: 150
  end

  create_table "taggings", id: false, force: :cascade do |t|
    t.bigint "story_id", null: false
    t.string "tag", null: false
  end

  add_foreign_key "stories", "categories"
  add_foreign_key "stories", "people"
  add_foreign_key "stories", "stories", column: "merged_story_id"
  add_foreign_key "taggings", "stories", on_delete: :cascade
end
