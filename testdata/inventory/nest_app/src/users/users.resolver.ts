import { Args, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { User } from './user.model';

@Resolver(() => User)
export class UsersResolver {
  @Query(() => [User])
  users(@Args('first') first: number) {
    return [];
  }

  @Query(() => User, { name: 'me', nullable: true })
  currentUser() {
    return null;
  }

  @Mutation(() => User)
  createUser(@Args('name') name: string) {
    return { name };
  }

  @Subscription(() => User)
  userAdded() {}

  @ResolveField(() => [String])
  posts(@Parent() user: User) {
    return [];
  }
}
