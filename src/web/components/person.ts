/**
 * How the pages name a person: by name when the contact has one, else by the address it is
 * keyed by. Sellers see addresses on these pages anyway (the committee lists them to reach
 * people), so an address is no more than the page already shows.
 */
export function personName(person: { name: string | null; email: string }): string {
  return person.name ?? person.email
}
