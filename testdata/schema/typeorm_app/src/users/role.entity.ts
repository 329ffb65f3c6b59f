import { BaseEntity, Column, Entity, PrimaryColumn } from 'typeorm';

// TypeORM's own BaseEntity (Active Record), not src/common's BaseEntity.
@Entity()
export class Role extends BaseEntity {
  @PrimaryColumn({ name: 'role_code' })
  code: string;

  @Column()
  label: string;
}
