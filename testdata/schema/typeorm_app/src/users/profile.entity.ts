import { Column, Entity, OneToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { User } from './user.entity';

@Entity()
export class Profile extends BaseEntity<Profile> {
  @Column({ nullable: true })
  bio: string;

  // Inverse side: no column here.
  @OneToOne(() => User, (u) => u.profile)
  user: User;
}
