// The demo shop's own script: a tiny catalogue, a cart in localStorage, and the calls a shop makes
// to the tracker (journey('track' | 'identify' | 'purchase', …)). Runs before the tracker's tag, so
// calls wait in journey.q until it has loaded.
window.journey =
  window.journey ||
  function () {
    ;(window.journey.q = window.journey.q || []).push(arguments)
  }

const CATEGORIES = {
  electronics: { name: 'Electronics', products: ['aurora-x2', 'nimbus-buds', 'volt-charger'] },
  kitchen: { name: 'Kitchen', products: ['ember-kettle', 'linen-apron'] }
}
const PRODUCTS = {
  'aurora-x2': {
    name: 'Aurora X2 phone',
    price: 499,
    category: 'electronics',
    blurb: 'A 6.1" phone with a two-day battery.'
  },
  'nimbus-buds': {
    name: 'Nimbus earbuds',
    price: 89.9,
    category: 'electronics',
    blurb: 'Noise-cancelling earbuds with a pocket case.'
  },
  'volt-charger': {
    name: 'Volt 65 W charger',
    price: 24.5,
    category: 'electronics',
    blurb: 'One charger for the laptop and the phone.'
  },
  'ember-kettle': {
    name: 'Ember kettle',
    price: 59,
    category: 'kitchen',
    blurb: 'Boils a litre in ninety seconds.'
  },
  'linen-apron': {
    name: 'Linen apron',
    price: 29,
    category: 'kitchen',
    blurb: 'Stone-washed linen, two pockets.'
  }
}
const CURRENCY = 'EUR'
const money = (amount) =>
  new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY }).format(amount)

const cart = {
  read: () => JSON.parse(localStorage.getItem('demo-shop:cart') || '[]'),
  write: (lines) => localStorage.setItem('demo-shop:cart', JSON.stringify(lines)),
  total: (lines) =>
    Math.round(lines.reduce((sum, l) => sum + PRODUCTS[l.id].price * l.quantity, 0) * 100) / 100
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else node.setAttribute(key, value)
  }
  node.append(...children)
  return node
}

function productCard(id) {
  const product = PRODUCTS[id]
  return el(
    'li',
    { class: 'card' },
    el('a', { href: `/product/${id}` }, product.name),
    el('span', { class: 'price' }, money(product.price))
  )
}

function renderCartCount() {
  const count = cart.read().reduce((sum, l) => sum + l.quantity, 0)
  const link = document.querySelector('[data-cart-count]')
  if (link) link.textContent = `Cart (${count})`
}

const pages = {
  home(main) {
    main.append(
      el('h1', {}, 'Welcome to the demo shop'),
      el('p', {}, 'Every click here is recorded by the Journey Workbench tracker.'),
      el('h2', {}, 'Popular'),
      el('ul', { class: 'grid' }, ...['aurora-x2', 'ember-kettle', 'nimbus-buds'].map(productCard))
    )
  },
  category(main, slug) {
    const category = CATEGORIES[slug]
    if (!category) return notFound(main)
    document.title = `${category.name} · Demo shop`
    main.append(
      el('h1', {}, category.name),
      el('ul', { class: 'grid' }, ...category.products.map(productCard))
    )
  },
  product(main, slug) {
    const product = PRODUCTS[slug]
    if (!product) return notFound(main)
    document.title = `${product.name} · Demo shop`
    const panel = el('p', { class: 'panel' })
    const show = (tab) => {
      panel.textContent = tab === 'reviews' ? '★★★★☆ “Does what it says.”' : product.blurb
    }
    // Tabs change the URL with the History API, as a single-page app would: each is a page view.
    const tab = (name, label) =>
      el(
        'button',
        {
          type: 'button',
          class: 'tab',
          onclick: () => {
            history.pushState(
              {},
              '',
              name === 'details' ? `/product/${slug}` : `/product/${slug}/${name}`
            )
            show(name)
          }
        },
        label
      )
    show(location.pathname.endsWith('/reviews') ? 'reviews' : 'details')
    main.append(
      el(
        'p',
        { class: 'crumbs' },
        el('a', { href: `/category/${product.category}` }, CATEGORIES[product.category].name)
      ),
      el('h1', {}, product.name),
      el('p', { class: 'price' }, money(product.price)),
      el('div', { class: 'tabs' }, tab('details', 'Details'), tab('reviews', 'Reviews')),
      panel,
      el(
        'button',
        {
          type: 'button',
          class: 'primary',
          onclick: (event) => {
            const lines = cart.read()
            const line = lines.find((l) => l.id === slug)
            if (line) line.quantity++
            else lines.push({ id: slug, quantity: 1 })
            cart.write(lines)
            renderCartCount()
            journey('track', 'ADD_TO_CART', { productId: slug, quantity: 1, price: product.price })
            event.target.textContent = 'Added to cart'
          }
        },
        'Add to cart'
      )
    )
  },
  cart(main) {
    const lines = cart.read()
    main.append(el('h1', {}, 'Your cart'))
    if (lines.length === 0) return main.append(el('p', {}, 'The cart is empty.'))
    main.append(
      el(
        'ul',
        { class: 'lines' },
        ...lines.map((l) =>
          el(
            'li',
            {},
            `${l.quantity} × ${PRODUCTS[l.id].name}`,
            el('span', { class: 'price' }, money(PRODUCTS[l.id].price * l.quantity))
          )
        )
      ),
      el('p', { class: 'total' }, `Total ${money(cart.total(lines))}`),
      el('a', { href: '/checkout', class: 'primary' }, 'Checkout')
    )
  },
  checkout(main) {
    const lines = cart.read()
    main.append(el('h1', {}, 'Checkout'))
    if (lines.length === 0) return main.append(el('p', {}, 'The cart is empty.'))
    const form = el(
      'form',
      {},
      el('label', {}, 'Name', el('input', { name: 'name', required: '', autocomplete: 'name' })),
      el(
        'label',
        {},
        'Email',
        el('input', { name: 'email', type: 'email', required: '', autocomplete: 'email' })
      ),
      el('p', { class: 'total' }, `To pay ${money(cart.total(lines))}`),
      el('button', { type: 'submit', class: 'primary' }, 'Place order')
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      const data = new FormData(form)
      const email = String(data.get('email')).trim().toLowerCase()
      const orderId = `order-${Date.now().toString(36)}`
      // A real shop passes its own customer id; the demo makes a stable one from the email.
      journey('identify', customerId(email), { name: String(data.get('name')).trim(), email })
      journey('purchase', { orderId, amount: cart.total(lines), currency: CURRENCY })
      cart.write([])
      sessionStorage.setItem('demo-shop:order', orderId)
      location.href = '/checkout/confirmation'
    })
    main.append(form)
  },
  confirmation(main) {
    const order = sessionStorage.getItem('demo-shop:order')
    main.append(
      el('h1', {}, 'Thank you!'),
      el('p', {}, `Your order ${order || ''} is on its way.`),
      el('a', { href: '/' }, 'Back to the shop')
    )
  }
}

function customerId(email) {
  let hash = 0x811c9dc5
  for (const char of email) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0
  return `cust-${hash.toString(16).padStart(8, '0')}`
}

function notFound(main) {
  main.append(el('h1', {}, 'Not found'))
}

const main = document.querySelector('main')
const [page, slug] = [document.body.dataset.page, location.pathname.split('/')[2]]
pages[page](main, slug)
renderCartCount()
