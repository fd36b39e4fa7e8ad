//! Compile tests of typed ids: an id of one kind of object does not go where another kind
//! belongs, and a string goes wherever an id does.
//!
//! A string literal, a `String` or a typed id of the right kind are all accepted:
//!
//! ```
//! use stripe_generated::{CreatePaymentIntent, CustomerId, RetrieveCustomer};
//!
//! let by_literal = RetrieveCustomer::new("cus_123");
//! let by_string = RetrieveCustomer::new(String::from("cus_123"));
//! let id: CustomerId = "cus_123".parse().unwrap();
//! let by_id = RetrieveCustomer::new(&id);
//! let payment = CreatePaymentIntent::new(2000, "usd").customer(id);
//! # let _ = (by_literal, by_string, by_id, payment);
//! ```
//!
//! A price id is not a customer id, as a parameter:
//!
//! ```compile_fail,E0277
//! use stripe_generated::{CreatePaymentIntent, PriceId};
//!
//! let price = PriceId::from("price_123");
//! let payment = CreatePaymentIntent::new(2000, "usd").customer(price);
//! ```
//!
//! as a path parameter:
//!
//! ```compile_fail,E0277
//! use stripe_generated::{PriceId, RetrieveCustomer};
//!
//! let price = PriceId::from("price_123");
//! let request = RetrieveCustomer::new(&price);
//! ```
//!
//! or as a value:
//!
//! ```compile_fail,E0308
//! use stripe_generated::{CustomerId, PriceId};
//!
//! let price = PriceId::from("price_123");
//! let customer: CustomerId = price;
//! ```
