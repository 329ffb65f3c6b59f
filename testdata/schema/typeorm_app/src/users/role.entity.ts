import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity()
export class Role {
  @PrimaryColumn({ name: 'role_code' })
  code: string;

  @Column()
  label: string;
}
