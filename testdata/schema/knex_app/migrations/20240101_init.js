exports.up = (knex) =>
  knex.schema
    .createTable("teams", (t) => {
      t.increments();
      t.string("name").notNullable();
    })
    .createTable("members", (t) => {
      t.increments("id");
      t.integer("team_id").unsigned().notNullable().references("teams.id");
      t.integer("mentor_id").references("id").inTable("members");
    });

exports.down = (knex) => knex.schema.dropTable("members").dropTable("teams");
