import { Column, Entity, JoinColumn, JoinTable, ManyToMany, OneToMany, OneToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Role } from './role.entity';
import { Profile } from './profile.entity';
import { Article } from '../content/content.entity';

@Entity('users')
export class User extends BaseEntity<User> {
  @Column({ type: String, unique: true })
  email: string;

  @OneToOne(() => Profile, { eager: true })
  @JoinColumn()
  profile: Profile;

  @ManyToMany(() => Role)
  @JoinTable()
  roles: Role[];

  @OneToMany(() => Article, (a) => a.author)
  articles: Article[];
}
