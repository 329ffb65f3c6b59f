import { Column, DataType, Default, Model, PrimaryKey } from "sequelize-typescript";

class IdModel extends Model {
  @PrimaryKey
  @Default(DataType.UUIDV4)
  @Column(DataType.UUID)
  id: string;
}

export default IdModel;
