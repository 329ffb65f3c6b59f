import { ChildEntity, Column, Entity, ManyToOne, TableInheritance } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { User } from '../users/user.entity';
import { Category } from './category.entity';

@Entity()
@TableInheritance({ column: { type: 'varchar', name: 'kind' } })
export class Content extends BaseEntity<Content> {
  @Column()
  title: string;

  @ManyToOne(() => Category, { nullable: false })
  category: Category;
}

@ChildEntity()
export class Article extends Content {
  @ManyToOne(() => User, (u) => u.articles)
  author: User;
}

@ChildEntity()
export class Video extends Content {
  @Column()
  seconds: number;

  @ManyToOne(() => User)
  author: User;
}
