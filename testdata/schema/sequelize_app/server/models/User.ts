import { Column, DataType, Table } from "sequelize-typescript";
import IdModel from "./base";

@Table({ tableName: "users", modelName: "user" })
class User extends IdModel {
  @Column(DataType.STRING)
  name: string;
}

export default User;
