"use strict";

module.exports = {
  up: async (queryInterface, Sequelize) => {
    await queryInterface.createTable("teams", {
      id: { type: Sequelize.UUID, allowNull: false, primaryKey: true },
      name: { type: Sequelize.STRING, allowNull: false },
    });
    await queryInterface.createTable("users", {
      id: { type: Sequelize.UUID, allowNull: false, primaryKey: true },
      email: { type: Sequelize.STRING, unique: true },
      teamId: {
        type: Sequelize.UUID,
        allowNull: false,
        references: { model: "teams", key: "id" },
        onDelete: "cascade",
      },
    });
    await queryInterface.createTable("boards", {
      id: { type: Sequelize.UUID, primaryKey: true },
      ownerId: { type: Sequelize.UUID, references: { model: "users" } },
    });
  },
  down: async (queryInterface) => {
    await queryInterface.dropTable("boards");
    await queryInterface.dropTable("users");
    await queryInterface.dropTable("teams");
  },
};
