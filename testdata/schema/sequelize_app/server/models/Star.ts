import { Sequelize, DataTypes } from "sequelize";

export default (sequelize: Sequelize) =>
  sequelize.define(
    "star",
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      userId: { type: DataTypes.UUID, allowNull: false, references: { model: "users", key: "id" } },
      documentId: { type: DataTypes.UUID, references: { model: "documents" } },
    },
    { tableName: "stars" }
  );
