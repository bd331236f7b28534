//! Iterator types of [`RawDict`](crate::RawDict) and [`CompactDict`](crate::CompactDict).
//!
//! # Design
//!
//! All iterators are thin adapters over the three iterators of the entries array
//! (`entries.rs`): shared, mutable and owning. They visit live entries in order, skip holes
//! (a bitmap test per bucket, only while holes exist), know their exact length, and are
//! double-ended and fused. Borrowing iterators hold the table borrowed, so the table cannot
//! change while they run: invalidation is ruled out by the borrow checker. For iteration that
//! must survive mutation (a language runtime's dict iterator), see
//! [`Cursor`](crate::embed::Cursor).

use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;

use crate::entries;
use crate::raw::RawDict;

macro_rules! borrowed_iter {
    ($(#[$doc:meta])* $name:ident, $inner:ident, $item:ty, |$p:pat_param| $map:expr) => {
        $(#[$doc])*
        pub struct $name<'a, K, V> {
            inner: entries::$inner<'a, K, V>,
        }

        impl<'a, K, V> $name<'a, K, V> {
            pub(crate) fn new(inner: entries::$inner<'a, K, V>) -> Self {
                $name { inner }
            }
        }

        impl<'a, K, V> Iterator for $name<'a, K, V> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.inner.next().map(|$p| $map)
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }

            #[inline]
            fn count(self) -> usize {
                self.inner.len()
            }

            #[inline]
            fn fold<B, F: FnMut(B, $item) -> B>(self, init: B, mut f: F) -> B {
                self.inner.fold(init, |acc, $p| f(acc, $map))
            }
        }

        impl<'a, K, V> DoubleEndedIterator for $name<'a, K, V> {
            #[inline]
            fn next_back(&mut self) -> Option<$item> {
                self.inner.next_back().map(|$p| $map)
            }
        }

        impl<K, V> ExactSizeIterator for $name<'_, K, V> {}
        impl<K, V> FusedIterator for $name<'_, K, V> {}
    };
}

macro_rules! shared_extras {
    ($name:ident) => {
        impl<K, V> Clone for $name<'_, K, V> {
            fn clone(&self) -> Self {
                $name {
                    inner: self.inner.clone(),
                }
            }
        }

        impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for $name<'_, K, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.clone()).finish()
            }
        }
    };
}

macro_rules! opaque_debug {
    ($name:ident $(<$lt:lifetime>)?) => {
        impl<K, V> fmt::Debug for $name<$($lt,)? K, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("remaining", &self.len())
                    .finish_non_exhaustive()
            }
        }
    };
}

borrowed_iter!(
    /// Entries in order: `(&key, &value)`.
    Iter, Iter, (&'a K, &'a V), |(_, _, k, v)| (k, v)
);
shared_extras!(Iter);

borrowed_iter!(
    /// Entries in order with their stored hash: `(hash, &key, &value)`.
    HashedIter, Iter, (u64, &'a K, &'a V), |(_, h, k, v)| (h, k, v)
);
shared_extras!(HashedIter);

borrowed_iter!(
    /// Keys in order.
    Keys, Iter, &'a K, |(_, _, k, _)| k
);
shared_extras!(Keys);

borrowed_iter!(
    /// Values in order.
    Values, Iter, &'a V, |(_, _, _, v)| v
);
shared_extras!(Values);

borrowed_iter!(
    /// Entries in order with mutable values: `(&key, &mut value)`.
    IterMut, IterMut, (&'a K, &'a mut V), |(_, _, k, v)| (&*k, v)
);
opaque_debug!(IterMut<'_>);

borrowed_iter!(
    /// Mutable values in order.
    ValuesMut, IterMut, &'a mut V, |(_, _, _, v)| v
);
opaque_debug!(ValuesMut<'_>);

borrowed_iter!(
    /// Entries in order with mutable keys *and* values, for a moving garbage collector that
    /// updates references in place (see
    /// [`RawDict::keys_values_mut`](crate::RawDict::keys_values_mut)).
    KeysValuesMut, IterMut, (&'a mut K, &'a mut V), |(_, _, k, v)| (k, v)
);
opaque_debug!(KeysValuesMut<'_>);

macro_rules! owned_iter {
    ($(#[$doc:meta])* $name:ident, $item:ty, |$p:pat_param| $map:expr) => {
        $(#[$doc])*
        pub struct $name<K, V> {
            inner: entries::IntoIter<K, V>,
        }

        impl<K, V> $name<K, V> {
            pub(crate) fn new(inner: entries::IntoIter<K, V>) -> Self {
                $name { inner }
            }
        }

        impl<K, V> Iterator for $name<K, V> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.inner.next().map(|$p| $map)
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }
        }

        impl<K, V> DoubleEndedIterator for $name<K, V> {
            #[inline]
            fn next_back(&mut self) -> Option<$item> {
                self.inner.next_back().map(|$p| $map)
            }
        }

        impl<K, V> ExactSizeIterator for $name<K, V> {}
        impl<K, V> FusedIterator for $name<K, V> {}
        opaque_debug!($name);
    };
}

owned_iter!(
    /// Owning iterator over the entries in order.
    IntoIter, (K, V), |(_, k, v)| (k, v)
);
owned_iter!(
    /// Owning iterator over the keys in order.
    IntoKeys, K, |(_, k, _)| k
);
owned_iter!(
    /// Owning iterator over the values in order.
    IntoValues, V, |(_, _, v)| v
);

impl<K, V> IntoIter<K, V> {
    pub(crate) fn into_inner(self) -> entries::IntoIter<K, V> {
        self.inner
    }
}

/// Draining iterator: the table is already empty; entries come out in order, and those not
/// consumed are dropped with the iterator.
pub struct Drain<'a, K, V> {
    inner: entries::IntoIter<K, V>,
    _table: PhantomData<&'a mut RawDict<K, V>>,
}

impl<K, V> Drain<'_, K, V> {
    pub(crate) fn new(inner: entries::IntoIter<K, V>) -> Self {
        Drain {
            inner,
            _table: PhantomData,
        }
    }
}

impl<K, V> Iterator for Drain<'_, K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        self.inner.next().map(|(_, k, v)| (k, v))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Drain<'_, K, V> {
    #[inline]
    fn next_back(&mut self) -> Option<(K, V)> {
        self.inner.next_back().map(|(_, k, v)| (k, v))
    }
}

impl<K, V> ExactSizeIterator for Drain<'_, K, V> {}
impl<K, V> FusedIterator for Drain<'_, K, V> {}
opaque_debug!(Drain<'_>);
