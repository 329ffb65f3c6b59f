"use strict";

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.renameTable("boards", "projects", { transaction });
      await queryInterface.renameColumn("projects", "ownerId", "createdById", {
        transaction,
      });
      await queryInterface.addColumn(
        "projects",
        "teamId",
        { type: Sequelize.UUID, allowNull: true },
        { transaction }
      );
      await queryInterface.addConstraint("projects", {
        type: "foreign key",
        fields: ["teamId"],
        name: "projects_teamId_fk",
        references: { table: "teams", field: "id" },
        transaction,
      });
      await queryInterface.removeConstraint("users", "users_teamId_fkey", {
        transaction,
      });
    });
    await queryInterface.sequelize.query(`
      CREATE TABLE "stars" (
        "id" uuid PRIMARY KEY,
        "userId" uuid NOT NULL REFERENCES "users" ("id"),
        "projectId" uuid REFERENCES "projects" ("id")
      );
    `);
    const table = "stars";
    await queryInterface.sequelize.query(
      `ALTER TABLE "${table}" ADD COLUMN "note" text`
    );
  },
  async down(queryInterface) {
    await queryInterface.dropTable("stars");
  },
};
