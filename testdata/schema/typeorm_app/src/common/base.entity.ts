import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Timestamps } from './timestamps';

// Not an entity: passes its id and timestamps on.
export abstract class BaseEntity<T> extends Timestamps {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn()
  createdAt: Date;

  partial?: Partial<T>;
}
