//! The world random traces live in: descriptors, functions with honest effect
//! information, the heap recipe ([`ObjectSpec`], [`InputSpec`]) and the PRNG.
//!
//! Everything here is deterministic; the same recipe builds identical heaps (same
//! allocation order, so objects correspond by ordinal), which is what lets two runs be
//! compared object by object.

use std::sync::Arc;

use crate::descr::{ArrayDescr, CallDescr, EffectInfo, EffectSet, FieldDescr, SizeDescr};
use crate::heap::{Memory, ModelHeap};
use crate::interp::Functions;
use crate::value::{Kind, Value};

/// A small deterministic PRNG (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo) as u64 + 1)) as i64
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An "interesting" integer: small, boundary or random.
    pub fn interesting_int(&mut self) -> i64 {
        match self.below(10) {
            0 => *self.pick(&[0, 1, -1, 2, 63, 64, i64::MAX, i64::MIN, i64::MIN + 1, 255]),
            1 => self.next_u64() as i64,
            2 => self.range(-1_000_000, 1_000_000),
            _ => self.range(-20, 100),
        }
    }
}

/// Vtable of `Node` objects.
pub const NODE_VTABLE: u64 = 0x2200;
/// Vtable of `Box` objects.
pub const BOX_VTABLE: u64 = 0x3300;
/// Class of the exception `f_check` raises.
pub const EXC_CLASS: u64 = 0x9900;
/// Value (a foreign reference) of the exception `f_check` raises.
pub const EXC_VALUE: u64 = 0x77;

/// Addresses of the world's functions.
pub mod addr {
    /// `f_mix(i, i) -> i`, elidable.
    pub const MIX: u64 = 0x1001;
    /// `f_check(i) -> i`, raises when the argument is a multiple of 5.
    pub const CHECK: u64 = 0x1002;
    /// `f_store(Node, i)`, writes `Node.val`.
    pub const STORE: u64 = 0x1003;
    /// `f_read(Node) -> i`, reads `Node.val` and `Node.small`.
    pub const READ: u64 = 0x1004;
    /// `f_any(Node, i) -> i`, may read and write anything.
    pub const ANY: u64 = 0x1005;
    /// `f_float(f, f) -> f`, elidable.
    pub const FLOAT: u64 = 0x1006;
    /// `f_force(i) -> i`, forces the frame when the argument is a multiple of 7.
    pub const FORCE: u64 = 0x1007;
}

/// Where the world's functions are (their addresses in traces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FnAddrs {
    /// `f_mix`.
    pub mix: u64,
    /// `f_check`.
    pub check: u64,
    /// `f_store`.
    pub store: u64,
    /// `f_read`.
    pub read: u64,
    /// `f_any`.
    pub any: u64,
    /// `f_float`.
    pub float: u64,
    /// `f_force`.
    pub force: u64,
}

impl Default for FnAddrs {
    fn default() -> FnAddrs {
        FnAddrs {
            mix: addr::MIX,
            check: addr::CHECK,
            store: addr::STORE,
            read: addr::READ,
            any: addr::ANY,
            float: addr::FLOAT,
            force: addr::FORCE,
        }
    }
}

/// The descriptors and functions random traces use.
#[derive(Clone, Debug)]
pub struct World {
    /// Function addresses used in generated calls.
    pub addrs: FnAddrs,
    /// `Node`: 56 bytes, vtable [`NODE_VTABLE`], `next` is a reference.
    pub node: Arc<SizeDescr>,
    /// `Node.val`: int at 16.
    pub node_val: Arc<FieldDescr>,
    /// `Node.next`: ref at 24.
    pub node_next: Arc<FieldDescr>,
    /// `Node.fl`: float at 32.
    pub node_fl: Arc<FieldDescr>,
    /// `Node.id`: immutable int at 40.
    pub node_id: Arc<FieldDescr>,
    /// `Node.small`: signed 2-byte int at 48.
    pub node_small: Arc<FieldDescr>,
    /// `Node.byte`: unsigned 1-byte int at 50.
    pub node_byte: Arc<FieldDescr>,
    /// `Box`: 24 bytes, vtable [`BOX_VTABLE`].
    pub boxd: Arc<SizeDescr>,
    /// `Box.val`: int at 16.
    pub box_val: Arc<FieldDescr>,
    /// Array of 8-byte ints.
    pub int_arr: Arc<ArrayDescr>,
    /// Array of Node references.
    pub ref_arr: Arc<ArrayDescr>,
    /// Strings of bytes.
    pub str_arr: Arc<ArrayDescr>,
    /// Array of floats.
    pub float_arr: Arc<ArrayDescr>,
    /// Raw word at offset 0.
    pub raw_a: Arc<FieldDescr>,
    /// Raw word at offset 8.
    pub raw_b: Arc<FieldDescr>,
    /// Raw array of 4-byte signed ints.
    pub raw_arr: Arc<ArrayDescr>,
    /// Call descriptors, by function.
    pub f_mix: Arc<CallDescr>,
    /// See [`addr::CHECK`].
    pub f_check: Arc<CallDescr>,
    /// See [`addr::STORE`].
    pub f_store: Arc<CallDescr>,
    /// See [`addr::READ`].
    pub f_read: Arc<CallDescr>,
    /// See [`addr::ANY`].
    pub f_any: Arc<CallDescr>,
    /// See [`addr::FLOAT`].
    pub f_float: Arc<CallDescr>,
    /// See [`addr::FORCE`].
    pub f_force: Arc<CallDescr>,
}

fn field(
    name: &str,
    offset: i32,
    size: u8,
    kind: Kind,
    signed: bool,
    immutable: bool,
) -> Arc<FieldDescr> {
    Arc::new(FieldDescr {
        name: name.into(),
        offset,
        size,
        kind,
        signed,
        immutable,
    })
}

fn call(name: &str, args: &[Kind], result: Kind, effect: EffectInfo) -> Arc<CallDescr> {
    Arc::new(CallDescr {
        name: name.into(),
        arg_kinds: args.to_vec(),
        result,
        result_size: 8,
        result_signed: true,
        effect,
    })
}

fn only(names: &[&str]) -> EffectSet {
    EffectSet::Only(names.iter().map(|s| s.to_string()).collect())
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl World {
    /// Fresh descriptors.
    pub fn new() -> World {
        let quiet = EffectInfo {
            can_raise: false,
            can_collect: false,
            can_force: false,
            elidable: false,
            reads: EffectSet::none(),
            writes: EffectSet::none(),
        };
        World {
            addrs: FnAddrs::default(),
            node: Arc::new(SizeDescr {
                name: "Node".into(),
                size: 56,
                type_id: 2,
                vtable: Some(NODE_VTABLE),
                ref_offsets: vec![24],
            }),
            node_val: field("Node.val", 16, 8, Kind::Int, true, false),
            node_next: field("Node.next", 24, 8, Kind::Ref, true, false),
            node_fl: field("Node.fl", 32, 8, Kind::Float, true, false),
            node_id: field("Node.id", 40, 8, Kind::Int, true, true),
            node_small: field("Node.small", 48, 2, Kind::Int, true, false),
            node_byte: field("Node.byte", 50, 1, Kind::Int, false, false),
            boxd: Arc::new(SizeDescr {
                name: "Box".into(),
                size: 24,
                type_id: 3,
                vtable: Some(BOX_VTABLE),
                ref_offsets: vec![],
            }),
            box_val: field("Box.val", 16, 8, Kind::Int, true, false),
            int_arr: Arc::new(ArrayDescr {
                name: "IntArr".into(),
                base_offset: 16,
                item_size: 8,
                kind: Kind::Int,
                signed: true,
                length_offset: 8,
                type_id: 4,
            }),
            ref_arr: Arc::new(ArrayDescr {
                name: "RefArr".into(),
                base_offset: 16,
                item_size: 8,
                kind: Kind::Ref,
                signed: true,
                length_offset: 8,
                type_id: 5,
            }),
            str_arr: Arc::new(ArrayDescr {
                name: "Str".into(),
                base_offset: 16,
                item_size: 1,
                kind: Kind::Int,
                signed: false,
                length_offset: 8,
                type_id: 6,
            }),
            float_arr: Arc::new(ArrayDescr {
                name: "FloatArr".into(),
                base_offset: 16,
                item_size: 8,
                kind: Kind::Float,
                signed: true,
                length_offset: 8,
                type_id: 7,
            }),
            raw_a: field("Raw.a", 0, 8, Kind::Int, true, false),
            raw_b: field("Raw.b", 8, 8, Kind::Int, true, false),
            raw_arr: Arc::new(ArrayDescr {
                name: "RawI32".into(),
                base_offset: 16,
                item_size: 4,
                kind: Kind::Int,
                signed: true,
                length_offset: 0,
                type_id: 0,
            }),
            f_mix: call(
                "f_mix",
                &[Kind::Int, Kind::Int],
                Kind::Int,
                EffectInfo::pure(),
            ),
            f_check: call(
                "f_check",
                &[Kind::Int],
                Kind::Int,
                EffectInfo {
                    can_raise: true,
                    ..quiet.clone()
                },
            ),
            f_store: call(
                "f_store",
                &[Kind::Ref, Kind::Int],
                Kind::Void,
                EffectInfo {
                    writes: only(&["Node.val"]),
                    ..quiet.clone()
                },
            ),
            f_read: call(
                "f_read",
                &[Kind::Ref],
                Kind::Int,
                EffectInfo {
                    reads: only(&["Node.val", "Node.small"]),
                    ..quiet.clone()
                },
            ),
            f_any: call(
                "f_any",
                &[Kind::Ref, Kind::Int],
                Kind::Int,
                EffectInfo::anything(),
            ),
            f_float: call(
                "f_float",
                &[Kind::Float, Kind::Float],
                Kind::Float,
                EffectInfo::pure(),
            ),
            f_force: call(
                "f_force",
                &[Kind::Int],
                Kind::Int,
                EffectInfo {
                    can_force: true,
                    can_collect: true,
                    ..quiet
                },
            ),
        }
    }

    /// The functions, with behaviour matching their effect information.
    pub fn functions(&self) -> Functions {
        let mut f = Functions::new();
        let val = self.node_val.clone();
        let small = self.node_small.clone();
        let fl = self.node_fl.clone();
        let next = self.node_next.clone();
        f.register(self.addrs.mix, |_, a| {
            let (x, y) = (int(a, 0)?, int(a, 1)?);
            Ok(Some(Value::Int(x.wrapping_mul(31) ^ y)))
        });
        f.register(self.addrs.check, |ctx, a| {
            let x = int(a, 0)?;
            if x.rem_euclid(5) == 0 {
                ctx.raise(EXC_CLASS, EXC_VALUE);
            }
            Ok(Some(Value::Int(x.wrapping_mul(2))))
        });
        let v2 = val.clone();
        f.register(self.addrs.store, move |ctx, a| {
            ctx.memory
                .store_field(a[0], &v2, a[1])
                .map_err(|t| t.to_string())?;
            Ok(None)
        });
        let v3 = val.clone();
        f.register(self.addrs.read, move |ctx, a| {
            let x = ctx
                .memory
                .load_field(a[0], &v3)
                .map_err(|t| t.to_string())?;
            let s = ctx
                .memory
                .load_field(a[0], &small)
                .map_err(|t| t.to_string())?;
            Ok(Some(Value::Int(
                int(&[x], 0)?.wrapping_add(int(&[s], 0)?.wrapping_mul(3)),
            )))
        });
        f.register(self.addrs.any, move |ctx, a| {
            let m = &mut *ctx.memory;
            let e = |t: crate::heap::Trap| t.to_string();
            let x = int(a, 1)?;
            let old = m
                .load_field(a[0], &fl)
                .map_err(e)?
                .as_float()
                .unwrap_or(0.0);
            m.store_field(a[0], &fl, Value::Float(old + 1.0))
                .map_err(e)?;
            let v = m.load_field(a[0], &val).map_err(e)?.as_int().unwrap_or(0);
            m.store_field(a[0], &val, Value::Int(v ^ x)).map_err(e)?;
            if x.rem_euclid(3) == 0 {
                m.store_field(a[0], &next, Value::Ref(0)).map_err(e)?;
            }
            Ok(Some(Value::Int(v)))
        });
        f.register(self.addrs.float, |_, a| {
            let (x, y) = (
                a[0].as_float().ok_or("float expected")?,
                a[1].as_float().ok_or("float expected")?,
            );
            Ok(Some(Value::Float(x * 0.5 + y)))
        });
        f.register(self.addrs.force, |ctx, a| {
            let x = int(a, 0)?;
            if x.rem_euclid(7) == 0 {
                ctx.force_frame();
            }
            Ok(Some(Value::Int(x.wrapping_add(1))))
        });
        f
    }
}

fn int(a: &[Value], i: usize) -> Result<i64, String> {
    a.get(i)
        .and_then(|v| v.as_int())
        .ok_or_else(|| format!("argument {i} should be an int"))
}

/// One preexisting object of the generated heap.
#[derive(Clone, Debug)]
pub enum ObjectSpec {
    /// A Node: val, next (index of another node), fl, id, small, byte.
    Node {
        /// `Node.val`.
        val: i64,
        /// Index (in the object list) of the node `next` points to.
        next: Option<usize>,
        /// `Node.fl`.
        fl: f64,
        /// `Node.id`.
        id: i64,
        /// `Node.small`.
        small: i16,
        /// `Node.byte`.
        byte: u8,
    },
    /// A Box with its value.
    Box(i64),
    /// An int array.
    IntArr(Vec<i64>),
    /// A float array.
    FloatArr(Vec<f64>),
    /// An array of node references (indices into the object list).
    RefArr(Vec<Option<usize>>),
    /// A byte string.
    Str(Vec<u8>),
    /// 64 bytes of raw memory: raw words a and b, then i32 items.
    Raw(Vec<u64>),
}

/// How an input value is made.
#[derive(Clone, Copy, Debug)]
pub enum InputSpec {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A reference to the preexisting object with this index.
    Object(usize),
    /// The (int) address of the raw block with this object index.
    RawAddr(usize),
    /// The null reference.
    Null,
}

/// Builds the preexisting objects and the input values into `heap`.
pub fn build_into(
    heap: &mut ModelHeap,
    world: &World,
    objects: &[ObjectSpec],
    inputs: &[InputSpec],
) -> Vec<Value> {
    let heap: &mut ModelHeap = heap;
    let mut addrs = Vec::new();
    for o in objects {
        let a = match o {
            ObjectSpec::Node { .. } => heap.allocate(&world.node),
            ObjectSpec::Box(_) => heap.allocate(&world.boxd),
            ObjectSpec::IntArr(items) => heap.allocate_array(&world.int_arr, items.len() as i64),
            ObjectSpec::FloatArr(items) => {
                heap.allocate_array(&world.float_arr, items.len() as i64)
            }
            ObjectSpec::RefArr(items) => heap.allocate_array(&world.ref_arr, items.len() as i64),
            ObjectSpec::Str(items) => heap.allocate_array(&world.str_arr, items.len() as i64),
            ObjectSpec::Raw(words) => heap.allocate_raw(words.len() * 8),
        };
        addrs.push(a.expect("the model heap has room for the preexisting objects"));
    }
    let ok = "stores into fresh preexisting objects succeed";
    for (o, &a) in objects.iter().zip(&addrs) {
        let r = Value::Ref(a);
        match o {
            ObjectSpec::Node {
                val,
                next,
                fl,
                id,
                small,
                byte,
            } => {
                heap.store_field(r, &world.node_val, Value::Int(*val))
                    .expect(ok);
                let n = next.map_or(0, |i| addrs[i]);
                heap.store_field(r, &world.node_next, Value::Ref(n))
                    .expect(ok);
                heap.store_field(r, &world.node_fl, Value::Float(*fl))
                    .expect(ok);
                heap.store_field(r, &world.node_id, Value::Int(*id))
                    .expect(ok);
                heap.store_field(r, &world.node_small, Value::Int(*small as i64))
                    .expect(ok);
                heap.store_field(r, &world.node_byte, Value::Int(*byte as i64))
                    .expect(ok);
            }
            ObjectSpec::Box(v) => heap
                .store_field(r, &world.box_val, Value::Int(*v))
                .expect(ok),
            ObjectSpec::IntArr(items) => {
                for (i, &v) in items.iter().enumerate() {
                    heap.store_item(r, i as i64, &world.int_arr, Value::Int(v))
                        .expect(ok);
                }
            }
            ObjectSpec::FloatArr(items) => {
                for (i, &v) in items.iter().enumerate() {
                    heap.store_item(r, i as i64, &world.float_arr, Value::Float(v))
                        .expect(ok);
                }
            }
            ObjectSpec::RefArr(items) => {
                for (i, &v) in items.iter().enumerate() {
                    let p = v.map_or(0, |k| addrs[k]);
                    heap.store_item(r, i as i64, &world.ref_arr, Value::Ref(p))
                        .expect(ok);
                }
            }
            ObjectSpec::Str(items) => {
                for (i, &v) in items.iter().enumerate() {
                    heap.store_item(r, i as i64, &world.str_arr, Value::Int(v as i64))
                        .expect(ok);
                }
            }
            ObjectSpec::Raw(words) => {
                for (i, &w) in words.iter().enumerate() {
                    heap.write(a + 8 * i as u64, 8, w).expect(ok);
                }
            }
        }
    }
    inputs
        .iter()
        .map(|i| match *i {
            InputSpec::Int(v) => Value::Int(v),
            InputSpec::Float(v) => Value::Float(v),
            InputSpec::Object(k) => Value::Ref(addrs[k]),
            InputSpec::RawAddr(k) => Value::Int(addrs[k] as i64),
            InputSpec::Null => Value::Ref(0),
        })
        .collect()
}

pub(crate) fn build_heap(
    world: &World,
    objects: &[ObjectSpec],
    inputs: &[InputSpec],
) -> (ModelHeap, Vec<Value>) {
    let mut heap = ModelHeap::new(64 * 1024);
    let values = build_into(&mut heap, world, objects, inputs);
    (heap, values)
}
