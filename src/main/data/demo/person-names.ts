import type { Random } from './seeded-random'

const FIRST_NAMES = [
  'Alice',
  'Amara',
  'Ana',
  'Andrea',
  'Arjun',
  'Ben',
  'Carlos',
  'Chen',
  'Chloe',
  'Daniel',
  'David',
  'Diego',
  'Elena',
  'Emily',
  'Emma',
  'Fatima',
  'Felix',
  'Grace',
  'Hana',
  'Hannah',
  'Hiroshi',
  'Ibrahim',
  'Isabel',
  'Ivan',
  'Jack',
  'James',
  'Jana',
  'Jonas',
  'Julia',
  'Kai',
  'Karim',
  'Laura',
  'Leila',
  'Leo',
  'Liam',
  'Lucas',
  'Lucia',
  'Maria',
  'Mateo',
  'Maya',
  'Mei',
  'Mia',
  'Mohammed',
  'Nadia',
  'Noah',
  'Nora',
  'Olivia',
  'Omar',
  'Oscar',
  'Priya',
  'Rafael',
  'Ravi',
  'Rosa',
  'Sam',
  'Sara',
  'Sofia',
  'Sophie',
  'Tariq',
  'Thomas',
  'Tom',
  'Valentina',
  'Wei',
  'William',
  'Yara',
  'Yusuf',
  'Zara',
  'Zoe'
]

const LAST_NAMES = [
  'Adams',
  'Ahmed',
  'Ali',
  'Andersen',
  'Bauer',
  'Becker',
  'Brown',
  'Campbell',
  'Chen',
  'Clarke',
  'Cohen',
  'Costa',
  'Davies',
  'Diaz',
  'Dubois',
  'Evans',
  'Fernandez',
  'Fischer',
  'Garcia',
  'Gomez',
  'Green',
  'Gupta',
  'Hall',
  'Hansen',
  'Hughes',
  'Ito',
  'Jansen',
  'Johnson',
  'Kaur',
  'Khan',
  'Kim',
  'Kowalski',
  'Lee',
  'Lopez',
  'Martin',
  'Meyer',
  'Moreau',
  'Murphy',
  'Nguyen',
  'Novak',
  "O'Brien",
  'Okafor',
  'Patel',
  'Perez',
  'Petrov',
  'Rossi',
  'Santos',
  'Schmidt',
  'Silva',
  'Singh',
  'Smith',
  'Suzuki',
  'Tanaka',
  'Taylor',
  'Walker',
  'Wang',
  'Weber',
  'Williams',
  'Wilson',
  'Wong',
  'Yilmaz'
]

/** Reserved example domains: the demo must never look like a real person's address. */
const EMAIL_DOMAINS = [
  'example.com',
  'example.com',
  'example.org',
  'example.net',
  'mail.example',
  'inbox.example'
]

export interface DemoPerson {
  name: string
  email: string
}

/**
 * A plausible name and an email that is unique because it ends in the user's number; mostly lower
 * case, a few with capitals as people type them.
 */
export function makeDemoPerson(random: Random, userNumber: number): DemoPerson {
  const first = random.pick(FIRST_NAMES)
  const last = random.pick(LAST_NAMES)
  const firstPart = first.toLowerCase()
  const lastPart = last.toLowerCase().replace(/[^a-z]/g, '')
  const domain = random.pick(EMAIL_DOMAINS)
  const style = random.next()
  const local =
    style < 0.45
      ? `${firstPart}.${lastPart}${userNumber}`
      : style < 0.7
        ? `${firstPart}${lastPart.charAt(0)}${userNumber}`
        : style < 0.9
          ? `${firstPart}_${lastPart}${userNumber}`
          : `${lastPart}.${firstPart}${userNumber}`
  const email = `${local}@${domain}`
  return {
    name: `${first} ${last}`,
    email: random.chance(0.03) ? capitalise(email, first, last) : email
  }
}

function capitalise(email: string, first: string, last: string): string {
  const [local = '', domain = ''] = email.split('@')
  const cased = local
    .replace(first.toLowerCase(), first)
    .replace(last.toLowerCase().replace(/[^a-z]/g, ''), last.replace(/[^A-Za-z]/g, ''))
  return `${cased}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`
}
