import { Column, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Role } from '../users/role.entity';

@Entity({ name: 'invoices', schema: 'billing' })
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('decimal')
  total: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer: User;

  @ManyToOne(() => User, { createForeignKeyConstraints: false })
  approver: User;

  @ManyToMany(() => Role)
  @JoinTable({
    name: 'invoice_approver_roles',
    joinColumn: { name: 'invoice_id' },
    inverseJoinColumn: { name: 'role', referencedColumnName: 'code' },
  })
  approverRoles: Role[];
}
