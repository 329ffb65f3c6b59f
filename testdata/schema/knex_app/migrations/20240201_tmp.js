exports.up = async (knex) => {
  await knex.schema.createTable("tmp", (t) => {
    t.integer("x");
  });
  await knex.schema.dropTable("tmp");
};
