import { BelongsTo, Column, DataType, ForeignKey, Table } from "sequelize-typescript";
import IdModel from "./base";
import User from "./User";

@Table({ tableName: "documents", modelName: "document" })
class Document extends IdModel {
  @Column(DataType.TEXT)
  text: string;

  @BelongsTo(() => User, "createdById")
  createdBy: User;

  @ForeignKey(() => User)
  @Column(DataType.UUID)
  createdById: string;

  @BelongsTo(() => Document, "parentDocumentId")
  parentDocument: Document | null;

  @ForeignKey(() => Document)
  @Column(DataType.UUID)
  parentDocumentId: string | null;
}

export default Document;
