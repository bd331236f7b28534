//! Out-of-line parts of the interpreter loop, continued: unpacking, f-string formatting,
//! `raise` and exception matching (incl. `except*`), `with`, annotations, imports,
//! `PRINT_EXPR`, pattern matching, and dict/list building helpers with CPython's messages.

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::names::n;
use crate::runtime::roots::{C, Frame, G, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    // ----- unpacking -----------------------------------------------------------------------

    /// `UNPACK_SEQUENCE n`: `(seq -- v_n ... v_1)`.
    pub(crate) fn op_unpack_sequence(&mut self, n: usize) -> PyResult<()> {
        let seq = Value::from_raw_nonnull(self.slot(self.sp() - 1));
        let exact = if self.is_tuple(seq) {
            Some(self.tuple_len(seq))
        } else if self.is_list(seq) {
            Some(self.list_len(seq))
        } else {
            None
        };
        if let Some(len) = exact {
            if len != n {
                return Err(if len < n {
                    crate::raise!(
                        self,
                        ValueError,
                        "not enough values to unpack (expected {n}, got {len})"
                    )
                } else {
                    crate::raise!(self, ValueError, "too many values to unpack (expected {n})")
                });
            }
            self.ensure_stack(n)?;
            self.stm().sp -= 1;
            let is_tuple = self.is_tuple(seq);
            for i in (0..n).rev() {
                let v = if is_tuple {
                    self.tuple_get(seq, i)
                } else {
                    self.list_get(seq, i)
                };
                self.push_unchecked(v.raw());
            }
            return Ok(());
        }
        let items = self.collect_for_unpack(seq)?;
        let ir = self.push_root(items)?;
        let len = self.list_len(items);
        if len != n {
            return Err(if len < n {
                crate::raise!(
                    self,
                    ValueError,
                    "not enough values to unpack (expected {n}, got {len})"
                )
            } else {
                crate::raise!(self, ValueError, "too many values to unpack (expected {n})")
            });
        }
        // Replace [seq][items] with the values (no safepoint after reading `items`).
        let items = self.get(ir);
        let start = ir.index() - 1;
        self.truncate(start);
        self.ensure_stack(n)?;
        for i in (0..n).rev() {
            let v = self.get_item_from_dead_root(items, i);
            self.push_unchecked(v.raw());
        }
        Ok(())
    }

    /// Re-reads item `i` of a list that sits just above the stack pointer (its root slot
    /// was released but no safepoint happened since).
    fn get_item_from_dead_root(&self, l: Value, i: usize) -> Value {
        self.list_get(l, i)
    }

    fn collect_for_unpack(&mut self, seq: Value) -> PyResult<Value> {
        let ty = self.type_of(seq);
        if self.lookup_special(ty, n::ITER).is_none()
            && self.lookup_special(ty, n::GETITEM).is_none()
        {
            let tn = self.type_name(seq);
            return Err(crate::raise!(
                self,
                TypeError,
                "cannot unpack non-iterable {tn} object"
            ));
        }
        self.to_list(seq)
    }

    /// `UNPACK_EX`: `(seq -- after... list before...)`.
    pub(crate) fn op_unpack_ex(&mut self, arg: usize) -> PyResult<()> {
        let before = arg & 0xff;
        let after = arg >> 8;
        let seq = Value::from_raw_nonnull(self.slot(self.sp() - 1));
        let items = self.collect_for_unpack(seq)?;
        let ir = self.push_root(items)?;
        let len = self.list_len(items);
        if len < before + after {
            return Err(crate::raise!(
                self,
                ValueError,
                "not enough values to unpack (expected at least {}, got {len})",
                before + after
            ));
        }
        // The middle list.
        let mid = self.new_list(len - before - after)?;
        let mr = self.push_root(mid)?;
        for i in before..len - after {
            let v = self.list_get(self.get(ir), i);
            self.list_append(self.get(mr), v)?;
        }
        let start = ir.index() - 1;
        let (items, mid) = (self.get(ir), self.get(mr));
        self.truncate(start);
        self.ensure_stack(before + after + 1)?;
        for i in (len - after..len).rev() {
            let v = self.list_get(items, i);
            self.push_unchecked(v.raw());
        }
        self.push_unchecked(mid.raw());
        for i in (0..before).rev() {
            let v = self.list_get(items, i);
            self.push_unchecked(v.raw());
        }
        Ok(())
    }

    // ----- formatting --------------------------------------------------------------------

    /// `FORMAT_VALUE flags`.
    pub(crate) fn op_format_value(&mut self, flags: usize) -> PyResult<Value> {
        let has_spec = flags & 4 != 0;
        let top = self.sp();
        let vslot = top - 1 - has_spec as usize;
        let v = Value::from_raw_nonnull(self.slot(vslot));
        let v = match flags & 3 {
            1 => self.str_of(v)?,
            2 => self.repr(v)?,
            3 => self.ascii(v)?,
            _ => v,
        };
        self.set_slot(vslot, v.raw());
        let spec = if has_spec {
            Some(Value::from_raw_nonnull(self.slot(top - 1)))
        } else {
            None
        };
        let r = if spec.is_none() && self.is_str(v) {
            v
        } else {
            let spec = spec.unwrap_or_else(|| self.c(C::EmptyStr));
            self.format_value(v, spec)?
        };
        self.truncate(vslot);
        Ok(r)
    }

    /// Concatenates the strs in `n` stack slots from `start` (`BUILD_STRING`).
    pub(crate) fn join_str_slots(&mut self, start: usize, n: usize) -> PyResult<Value> {
        let mut out = Vec::new();
        for i in 0..n {
            let s = Value::from_raw_nonnull(self.slot(start + i));
            let s = self.as_str_obj(s).unwrap_or(s);
            out.extend_from_slice(self.str_bytes(s));
        }
        self.new_str_wtf8(&out)
    }

    // ----- raise ---------------------------------------------------------------------------

    /// `RAISE_VARARGS argc`.
    pub(crate) fn op_raise(&mut self, argc: usize) -> PyErr {
        match argc {
            0 => {
                let cur = self.st().exc_info;
                if cur == 0 {
                    return self.runtime_error("No active exception to reraise");
                }
                self.reraise(Value::from_raw_nonnull(cur))
            }
            _ => {
                let top = self.sp();
                let (exc_slot, cause) = if argc == 2 {
                    (top - 2, Some(Value::from_raw_nonnull(self.slot(top - 1))))
                } else {
                    (top - 1, None)
                };
                let r = (|| -> PyResult<Value> {
                    let exc = Value::from_raw_nonnull(self.slot(exc_slot));
                    let exc = self.make_exception_instance(exc, false)?;
                    self.set_slot(exc_slot, exc.raw());
                    if cause.is_some() {
                        let c = Value::from_raw_nonnull(self.slot(top - 1));
                        let c = if self.is_none(c) {
                            c
                        } else {
                            self.make_exception_instance(c, true)?
                        };
                        let exc = Value::from_raw_nonnull(self.slot(exc_slot));
                        self.exc_set_field(exc, crate::objects::exceptions::EXC_CAUSE, Some(c));
                        let t = self.c(C::True);
                        self.exc_set_field(exc, crate::objects::exceptions::EXC_SUPPRESS, Some(t));
                    }
                    Ok(Value::from_raw_nonnull(self.slot(exc_slot)))
                })();
                self.truncate(exc_slot);
                match r {
                    Ok(exc) => self.raise(exc),
                    Err(e) => e,
                }
            }
        }
    }

    /// An exception instance from `raise X` operand: instances as is, classes called with
    /// no arguments.
    pub fn make_exception_instance(&mut self, v: Value, is_cause: bool) -> PyResult<Value> {
        if self.is_exception_type(v) {
            let e = self.call0(v)?;
            if !self.is_exception(e) {
                let tn = self.type_name(e);
                let _ = tn;
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "calling {} should have returned an instance of BaseException, not {}",
                    self.debug_repr(v),
                    self.type_name(e)
                ));
            }
            return Ok(e);
        }
        if self.is_exception(v) {
            return Ok(v);
        }
        if is_cause {
            return Err(self.type_error("exception causes must derive from BaseException"));
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    /// `CHECK_EXC_MATCH`: whether `exc` matches `ty` (a class or tuple of classes).
    pub fn exception_matches(&mut self, exc: Value, ty: Value) -> PyResult<bool> {
        if let Some(t) = self.as_tuple_obj(ty) {
            for &c in self.tuple_items(t) {
                if !self.is_exception_type(c) {
                    return Err(self.type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
            }
            let et = self.type_of(exc);
            return Ok(self.tuple_items(t).iter().any(|&c| self.is_subtype(et, c)));
        }
        if !self.is_exception_type(ty) {
            return Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        let et = self.type_of(exc);
        Ok(self.is_subtype(et, ty))
    }

    // ----- except* -------------------------------------------------------------------------

    /// `CHECK_EG_MATCH`: `(eg type -- rest match)`.
    pub(crate) fn op_check_eg_match(&mut self) -> PyResult<()> {
        let top = self.sp();
        let ty = Value::from_raw_nonnull(self.slot(top - 1));
        let eg = Value::from_raw_nonnull(self.slot(top - 2));
        // Validate the match type (no exception groups in except*).
        let types: Vec<Value> = match self.as_tuple_obj(ty) {
            Some(t) => self.tuple_items(t).to_vec(),
            None => vec![ty],
        };
        for &c in &types {
            if !self.is_exception_type(c) {
                return Err(self.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
            if self.is_subtype(c, self.ty(T::BaseExceptionGroup)) {
                return Err(self.type_error(
                    "catching ExceptionGroup with except* is not allowed. Use except instead.",
                ));
            }
        }
        if !self.isinstance_builtin(eg, T::BaseExceptionGroup) {
            if self.exception_matches(eg, ty)? {
                // A naked exception matched: wrap it.
                let mark = self.sp();
                let msg = self.c(C::EmptyStr);
                let mr = self.push_root(msg)?;
                let l = self.new_list(1)?;
                let lr = self.push_root(l)?;
                let eg = Value::from_raw_nonnull(self.slot(top - 2));
                self.list_append(self.get(lr), eg)?;
                let f = self.ty(T::BaseExceptionGroup);
                let g = self.call2(f, self.get(mr), self.get(lr))?;
                let gr = self.push_root(g)?;
                let eg = Value::from_raw_nonnull(self.slot(top - 2));
                if let Some(tb) = self.exc_traceback(eg) {
                    self.exc_set_field(
                        self.get(gr),
                        crate::objects::exceptions::EXC_TRACEBACK,
                        Some(tb),
                    );
                }
                let g = self.get(gr);
                self.truncate(mark);
                let none = self.none();
                self.set_slot(top - 2, none.raw());
                self.set_slot(top - 1, g.raw());
                return Ok(());
            }
            let none = self.none();
            self.set_slot(top - 1, none.raw());
            return Ok(());
        }
        let (m, rest) = self.eg_split(eg, ty)?;
        let mark = self.sp();
        let mr = self.push_opt(m)?;
        let _ = mr;
        let none = self.none();
        self.set_slot(top - 2, rest.unwrap_or(none).raw());
        let m = Value::from_raw(self.slot(mark));
        self.truncate(mark);
        self.set_slot(top - 1, m.unwrap_or(none).raw());
        Ok(())
    }

    /// Splits an exception group by a matcher type: `(match, rest)`.
    pub fn eg_split(&mut self, eg: Value, ty: Value) -> PyResult<(Option<Value>, Option<Value>)> {
        let mark = self.sp();
        let er = self.push_root(eg)?;
        let tr = self.push_root(ty)?;
        let matched = if self.is_type(ty) || self.is_tuple(ty) {
            self.exception_matches(eg, ty)?
        } else {
            let r = self.call1(ty, eg)?;
            self.truthy(r)?
        };
        let eg = self.get(er);
        if matched {
            self.truncate(mark);
            return Ok((Some(eg), None));
        }
        if !self.isinstance_builtin(eg, T::BaseExceptionGroup) {
            self.truncate(mark);
            return Ok((None, Some(eg)));
        }
        let excs = self
            .exc_field(eg, crate::objects::exceptions::EXC_X0 + 1)
            .unwrap_or_else(|| self.c(C::EmptyTuple));
        let n = self.tuple_len(excs);
        let ml = self.new_list(0)?;
        let mlr = self.push_root(ml)?;
        let rl = self.new_list(0)?;
        let rlr = self.push_root(rl)?;
        for i in 0..n {
            let eg = self.get(er);
            let excs = self
                .exc_field(eg, crate::objects::exceptions::EXC_X0 + 1)
                .expect("group");
            let x = self.tuple_get(excs, i);
            let (m, r) = self.eg_split(x, self.get(tr))?;
            let rr = self.push_opt(r)?;
            if let Some(m) = m {
                self.list_append(self.get(mlr), m)?;
            }
            if let Some(r) = self.get_opt(rr) {
                self.list_append(self.get(rlr), r)?;
            }
        }
        let m = if self.list_len(self.get(mlr)) > 0 {
            Some(self.eg_derive(er, mlr)?)
        } else {
            None
        };
        let mmr = self.push_opt(m)?;
        let r = if self.list_len(self.get(rlr)) > 0 {
            Some(self.eg_derive(er, rlr)?)
        } else {
            None
        };
        let m = self.get_opt(mmr);
        self.truncate(mark);
        Ok((m, r))
    }

    /// `eg.derive(excs)` plus copying traceback, cause, context and notes.
    pub(crate) fn eg_derive(&mut self, er: Root, lr: Root) -> PyResult<Value> {
        let derive = self.intern("derive")?;
        let g = self.call_method(self.get(er), derive, &[self.get(lr)])?;
        let eg = self.get(er);
        use crate::objects::exceptions::*;
        for f in [EXC_TRACEBACK, EXC_CAUSE, EXC_CONTEXT] {
            let v = self.exc_field(eg, f);
            self.exc_set_field(g, f, v);
        }
        let mark = self.sp();
        let gr = self.push_root(g)?;
        if let Some(notes) = self.own_attr(self.get(er), n::NOTES) {
            self.setattr(self.get(gr), n::NOTES, notes)?;
        }
        let g = self.get(gr);
        self.truncate(mark);
        Ok(g)
    }

    /// `PREP_RERAISE_STAR`: `(orig raised_list -- exc_or_none)` (CPython's
    /// `_PyExc_PrepReraiseStar`): exceptions re-raised by the `except*` clauses (same
    /// traceback/cause/context/notes as `orig`) become the projection of `orig` onto their
    /// leaves, keeping its nesting; new exceptions are grouped with it in a `("", [...])`
    /// group.
    pub(crate) fn op_prep_reraise_star(&mut self) -> PyResult<Value> {
        use crate::objects::exceptions::{EXC_CAUSE, EXC_CONTEXT, EXC_TRACEBACK};
        let top = self.sp();
        let list = Value::from_raw_nonnull(self.slot(top - 1));
        let orig = Value::from_raw_nonnull(self.slot(top - 2));
        let n = self.list_len(list);
        let mark = self.sp();
        let or = Root((top - 2) as u32);
        let lr = Root((top - 1) as u32);
        if !self.isinstance_builtin(orig, T::BaseExceptionGroup) {
            // A naked exception was wrapped: at most one clause ran.
            for i in 0..n {
                let e = self.list_get(self.get(lr), i);
                if !self.is_none(e) {
                    return Ok(e);
                }
            }
            return Ok(self.none());
        }
        let raised = self.new_list(0)?;
        let rr = self.push_root(raised)?;
        let reraised = self.new_list(0)?;
        let rrr = self.push_root(reraised)?;
        for i in 0..n {
            let e = self.list_get(self.get(lr), i);
            if self.is_none(e) {
                continue;
            }
            let orig = self.get(or);
            let same = [EXC_TRACEBACK, EXC_CAUSE, EXC_CONTEXT]
                .iter()
                .all(|&f| self.exc_field(e, f) == self.exc_field(orig, f))
                && self.own_attr(e, n::NOTES) == self.own_attr(orig, n::NOTES);
            let target = if same { rrr } else { rr };
            self.list_append(self.get(target), e)?;
        }
        if self.list_len(self.get(rr)) == 0 && self.list_len(self.get(rrr)) == 0 {
            self.truncate(mark);
            return Ok(self.none());
        }
        // The leaves of the re-raised exceptions, then the projection of `orig` onto them.
        let leaves = self.new_list(0)?;
        let leaves_r = self.push_root(leaves)?;
        for i in 0..self.list_len(self.get(rrr)) {
            let e = self.list_get(self.get(rrr), i);
            let er = self.push_root(e)?;
            self.eg_collect_leaves(er, leaves_r)?;
            self.truncate(er.index());
        }
        let projected = self.eg_project(or, leaves_r)?;
        let pr = self.push_opt(projected)?;
        let r = if self.list_len(self.get(rr)) > 0 {
            if let Some(p) = self.get_opt(pr) {
                self.list_append(self.get(rr), p)?;
            }
            let msg = self.c(C::EmptyStr);
            let f = self.ty(T::BaseExceptionGroup);
            self.call2(f, msg, self.get(rr))?
        } else {
            self.get_opt(pr).unwrap_or_else(|| self.none())
        };
        self.truncate(mark);
        Ok(r)
    }

    /// Appends the non-group leaves of the exception in `er` to the list in `out`.
    fn eg_collect_leaves(&mut self, er: Root, out: Root) -> PyResult<()> {
        let e = self.get(er);
        if !self.isinstance_builtin(e, T::BaseExceptionGroup) {
            return self.list_append(self.get(out), e);
        }
        let members = self.exc_field(e, crate::objects::exceptions::EXC_X0 + 1);
        let n = members
            .and_then(|t| self.as_tuple_obj(t))
            .map_or(0, |t| self.tuple_len(t));
        for i in 0..n {
            let e = self.get(er);
            let t = self
                .exc_field(e, crate::objects::exceptions::EXC_X0 + 1)
                .expect("group");
            let m = self.tuple_get(t, i);
            let mr = self.push_root(m)?;
            self.eg_collect_leaves(mr, out)?;
            self.truncate(mr.index());
        }
        Ok(())
    }

    /// The part of the exception (group) in `er` whose leaves are in the list `keep`
    /// (identity), with the group nesting and metadata kept; `None` when nothing is kept.
    fn eg_project(&mut self, er: Root, keep: Root) -> PyResult<Option<Value>> {
        let e = self.get(er);
        if !self.isinstance_builtin(e, T::BaseExceptionGroup) {
            let kept = self.list_items(self.get(keep)).contains(&e);
            return Ok(kept.then_some(e));
        }
        let members = self.exc_field(e, crate::objects::exceptions::EXC_X0 + 1);
        let n = members
            .and_then(|t| self.as_tuple_obj(t))
            .map_or(0, |t| self.tuple_len(t));
        let mark = self.sp();
        let ml = self.new_list(0)?;
        let mlr = self.push_root(ml)?;
        let mut all_same = true;
        for i in 0..n {
            let e = self.get(er);
            let t = self
                .exc_field(e, crate::objects::exceptions::EXC_X0 + 1)
                .expect("group");
            let m = self.tuple_get(t, i);
            let mr = self.push_root(m)?;
            match self.eg_project(mr, keep)? {
                Some(p) => {
                    all_same &= p == self.get(mr);
                    self.list_append(self.get(mlr), p)?;
                }
                None => all_same = false,
            }
            self.truncate(mr.index());
        }
        let r = if self.list_len(self.get(mlr)) == 0 {
            None
        } else if all_same {
            // Everything kept: the group itself.
            Some(self.get(er))
        } else {
            Some(self.eg_derive(er, mlr)?)
        };
        self.truncate(mark);
        Ok(r)
    }

    // ----- with ---------------------------------------------------------------------------

    /// `BEFORE_WITH` / `BEFORE_ASYNC_WITH`: `(mgr -- exit enter_result)`.
    pub(crate) fn op_before_with(&mut self, is_async: bool) -> PyResult<()> {
        let top = self.sp();
        let mgr = Value::from_raw_nonnull(self.slot(top - 1));
        let ty = self.type_of(mgr);
        let (en, ex) = if is_async {
            (n::AENTER, n::AEXIT)
        } else {
            (n::ENTER, n::EXIT)
        };
        let enter = self.lookup_special(ty, en);
        let exit = self.lookup_special(ty, ex);
        let (Some(enter), Some(exit)) = (enter, exit) else {
            let tn = self.type_name(mgr);
            // CPython 3.11 names the missing exit method when only that one is missing.
            let missed = match (enter.is_some(), is_async) {
                (true, true) => " (missed __aexit__ method)",
                (true, false) => " (missed __exit__ method)",
                _ => "",
            };
            return Err(if is_async {
                crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object does not support the asynchronous context manager protocol{missed}"
                )
            } else {
                crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object does not support the context manager protocol{missed}"
                )
            });
        };
        let er = self.push_root(enter)?;
        let mr = self.push_root(mgr)?;
        let dc = self.descr_class(exit);
        let bound_exit = self.descr_get(exit, dc, Some(mgr), ty)?;
        self.set_slot(top - 1, bound_exit.raw());
        // The manager stays reachable through root `mr` (and is bound into `exit`).
        let (enter, mgr) = (self.get(er), self.get(mr));
        let r = self.call_special_found(enter, mgr, &[])?;
        self.truncate(top);
        self.push_root(r)?;
        Ok(())
    }

    /// `WITH_EXCEPT_START`: calls `exit(type, exc, tb)` for the stack
    /// `(exit lasti prev_exc exc)`.
    pub(crate) fn op_with_except_start(&mut self) -> PyResult<Value> {
        let top = self.sp();
        let exc = Value::from_raw_nonnull(self.slot(top - 1));
        let exit = Value::from_raw_nonnull(self.slot(top - 4));
        let et = self.type_of(exc);
        let tb = self.exc_traceback(exc).unwrap_or_else(|| self.none());
        self.call(exit, &[et, exc, tb])
    }

    // ----- annotations / imports / misc -----------------------------------------------------

    pub(crate) fn op_setup_annotations(&mut self, fr: *mut Frame) -> PyResult<()> {
        // SAFETY: `fr` is the live top frame record.
        let locals = unsafe { (*fr).locals };
        if locals == 0 {
            return Err(self.new_error(
                T::SystemError,
                "no locals found when setting up annotations",
            ));
        }
        let l = Value::from_raw_nonnull(locals);
        let key = self.name_str(n::ANNOTATIONS);
        if self.mapping_get(l, key)?.is_none() {
            let d = self.new_dict()?;
            // SAFETY: as above (re-read after the allocation).
            let l = Value::from_raw_nonnull(unsafe { (*self.top_frame_ptr()).locals });
            let key = self.name_str(n::ANNOTATIONS);
            self.setitem(l, key, d)?;
        }
        Ok(())
    }

    /// `PRINT_EXPR` (interactive mode): `sys.displayhook(value)`.
    pub(crate) fn op_print_expr(&mut self) -> PyResult<()> {
        let v = Value::from_raw_nonnull(self.slot(self.sp() - 1));
        let sys = self.g(G::SysDict);
        let hook_name = self.intern("displayhook")?;
        match self.dict_get_name(sys, hook_name) {
            Some(h) => {
                self.call1(h, v)?;
                Ok(())
            }
            None => Err(self.runtime_error("lost sys.displayhook")),
        }
    }

    // ----- pattern matching -------------------------------------------------------------------

    /// `MATCH_CLASS count`: `(subject cls kwnames -- attrs_or_none)`.
    pub(crate) fn op_match_class(&mut self, count: usize) -> PyResult<()> {
        let top = self.sp();
        let subject = Value::from_raw_nonnull(self.slot(top - 3));
        let cls = Value::from_raw_nonnull(self.slot(top - 2));
        let kwnames = Value::from_raw_nonnull(self.slot(top - 1));
        if !self.is_type(cls) {
            return Err(self.type_error("called match pattern must be a class"));
        }
        if !self.isinstance(subject, cls)? {
            self.truncate(top - 3);
            let none = self.none();
            self.push_root(none)?;
            return Ok(());
        }
        let mark = self.sp();
        let nkw = self.tuple_len(kwnames);
        let mut seen: Vec<String> = Vec::new();
        if count > 0 {
            let cls = Value::from_raw_nonnull(self.slot(top - 2));
            let match_args = self.getattr_opt(cls, n::MATCH_ARGS)?;
            let self_match = {
                let cls = Value::from_raw_nonnull(self.slot(top - 2));
                let native = self.type_native(cls);
                matches!(
                    native,
                    Kind::Bool
                        | Kind::ByteArray
                        | Kind::Bytes
                        | Kind::Dict
                        | Kind::Float
                        | Kind::FrozenSet
                        | Kind::Int
                        | Kind::List
                        | Kind::Set
                        | Kind::Str
                        | Kind::Tuple
                ) && match_args.is_none()
            };
            if self_match {
                if count > 1 {
                    let cn = self.type_name_str(Value::from_raw_nonnull(self.slot(top - 2)));
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "{cn}() accepts 1 positional sub-pattern ({count} given)"
                    ));
                }
                let s = Value::from_raw_nonnull(self.slot(top - 3));
                self.push_root(s)?;
            } else {
                let ma = match match_args {
                    Some(m) => {
                        if !self.is_tuple(m) {
                            let tn = self.type_name(m);
                            return Err(crate::raise!(
                                self,
                                TypeError,
                                "{}.__match_args__ must be a tuple (got {tn})",
                                self.type_name_str(Value::from_raw_nonnull(self.slot(top - 2)))
                            ));
                        }
                        m
                    }
                    None => self.c(C::EmptyTuple),
                };
                let mar = self.push_root(ma)?;
                let len = self.tuple_len(ma);
                if count > len {
                    let cn = self.type_name_str(Value::from_raw_nonnull(self.slot(top - 2)));
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "{cn}() accepts {len} positional sub-pattern{} ({count} given)",
                        if len == 1 { "" } else { "s" }
                    ));
                }
                for i in 0..count {
                    let name = self.tuple_get(self.get(mar), i);
                    if !self.is_str(name) {
                        let tn = self.type_name(name);
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "__match_args__ elements must be strings (got {tn})"
                        ));
                    }
                    let nm = self.str_string(name);
                    if seen.contains(&nm) {
                        let cn = self.type_name_str(Value::from_raw_nonnull(self.slot(top - 2)));
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "{cn}() got multiple sub-patterns for attribute '{nm}'"
                        ));
                    }
                    seen.push(nm);
                    let id = self.intern_value(name);
                    let s = Value::from_raw_nonnull(self.slot(top - 3));
                    match self.getattr_opt(s, id)? {
                        Some(v) => {
                            self.push_root(v)?;
                        }
                        None => return self.match_class_fail(top, mark),
                    }
                }
                // Drop the __match_args__ root from the collected values.
                let vals: Vec<usize> = (mar.index() + 1..self.sp()).map(|i| self.slot(i)).collect();
                self.truncate(mar.index());
                for w in vals {
                    self.push_word(w)?;
                }
            }
        }
        for j in 0..nkw {
            let kwnames = Value::from_raw_nonnull(self.slot(top - 1));
            let name = self.tuple_get(kwnames, j);
            let nm = self.str_string(name);
            if seen.contains(&nm) {
                let cn = self.type_name_str(Value::from_raw_nonnull(self.slot(top - 2)));
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "{cn}() got multiple sub-patterns for attribute '{nm}'"
                ));
            }
            seen.push(nm);
            let id = self.intern_value(name);
            let s = Value::from_raw_nonnull(self.slot(top - 3));
            match self.getattr_opt(s, id)? {
                Some(v) => {
                    self.push_root(v)?;
                }
                None => return self.match_class_fail(top, mark),
            }
        }
        let t = self.pack_tuple(mark)?;
        self.truncate(top - 3);
        self.push_root(t)?;
        Ok(())
    }

    fn match_class_fail(&mut self, top: usize, _mark: usize) -> PyResult<()> {
        self.truncate(top - 3);
        let none = self.none();
        self.push_root(none)?;
        Ok(())
    }

    /// `MATCH_KEYS`: `(subject keys -- subject keys values_or_none)`.
    pub(crate) fn op_match_keys(&mut self) -> PyResult<()> {
        let top = self.sp();
        let keys = Value::from_raw_nonnull(self.slot(top - 1));
        let n = self.tuple_len(keys);
        let mark = self.sp();
        let seen = self.new_set()?;
        let sr = self.push_root(seen)?;
        let vstart = self.sp();
        for i in 0..n {
            let keys = Value::from_raw_nonnull(self.slot(top - 1));
            let k = self.tuple_get(keys, i);
            if self.set_contains(self.get(sr), k)? {
                let r = self.repr_string(k)?;
                return Err(crate::raise!(
                    self,
                    ValueError,
                    "mapping pattern checks duplicate key ({r})"
                ));
            }
            self.set_add(self.get(sr), k)?;
            let subject = Value::from_raw_nonnull(self.slot(top - 2));
            let keys = Value::from_raw_nonnull(self.slot(top - 1));
            let k = self.tuple_get(keys, i);
            let v = if self.is_dict(subject) {
                self.dict_get_item(subject, k)?
            } else {
                let get = self.intern("get")?;
                let dummy = self.c(C::NotFound);
                let r = self.call_method(subject, get, &[k, dummy])?;
                if r == self.c(C::NotFound) {
                    None
                } else {
                    Some(r)
                }
            };
            match v {
                Some(v) => {
                    self.push_root(v)?;
                }
                None => {
                    self.truncate(mark);
                    let none = self.none();
                    self.push_root(none)?;
                    return Ok(());
                }
            }
        }
        let t = self.tuple_from_slots(vstart, n)?;
        self.truncate(mark);
        self.push_root(t)?;
        Ok(())
    }

    // ----- building helpers ------------------------------------------------------------------

    /// `DICT_UPDATE` semantics: merges a mapping into the dict in root `dr`.
    pub fn dict_update_from(&mut self, dr: Root, m: Value) -> PyResult<()> {
        let mark = self.sp();
        let mr = self.push_root(m)?;
        if let Some(src) = self.as_dict_obj(m) {
            let sr = self.push_root(src)?;
            let r = self.dict_merge(dr, sr);
            self.truncate(mark);
            return r;
        }
        let keys = self.call_method(self.get(mr), n::KEYS, &[])?;
        let it = self.get_iter(keys)?;
        let ir = self.push_root(it)?;
        while let Some(k) = self.iter_next(self.get(ir))? {
            let kr = self.push_root(k)?;
            let v = self.getitem(self.get(mr), k)?;
            let d = self.get(dr);
            self.dict_set_item(d, self.get(kr), v)?;
            self.truncate(kr.index());
        }
        self.truncate(mark);
        Ok(())
    }

    /// Rewrites the error of `LIST_EXTEND` on a non-iterable (CPython's message).
    pub(crate) fn fix_extend_error(&mut self, e: PyErr, it: Value) -> PyErr {
        if self.err_matches(&e, T::TypeError) {
            let ty = self.type_of(it);
            if self.lookup_special(ty, n::ITER).is_none()
                && self.lookup_special(ty, n::GETITEM).is_none()
            {
                let _ = self.take_exc(e);
                let tn = self.type_name(it);
                return crate::raise!(
                    self,
                    TypeError,
                    "Value after * must be an iterable, not {tn}"
                );
            }
        }
        e
    }

    /// Rewrites the error of `DICT_UPDATE` on a non-mapping.
    pub(crate) fn fix_dict_update_error(&mut self, e: PyErr, m: Value) -> PyErr {
        if self.err_matches(&e, T::AttributeError) {
            let _ = self.take_exc(e);
            let tn = self.type_name(m);
            return crate::raise!(self, TypeError, "'{tn}' object is not a mapping");
        }
        e
    }

    /// `DICT_MERGE arg`: like `DICT_UPDATE` but duplicate keys are an error naming the
    /// callable `arg + 3` slots below the mapping.
    pub(crate) fn op_dict_merge(&mut self, arg: usize) -> PyResult<()> {
        let top = self.sp();
        let m = Value::from_raw_nonnull(self.slot(top - 1));
        let dslot = top - 1 - arg;
        let fslot = top - 1 - arg - 3;
        let mark = self.sp();
        let mr = self.push_root(m)?;
        let src = match self.as_dict_obj(m) {
            Some(d) => d,
            None => {
                let ty = self.type_of(m);
                if self.type_lookup(ty, n::KEYS).is_none() {
                    let f = Value::from_raw_nonnull(self.slot(fslot));
                    let fname = self.callable_display_name(f);
                    let tn = self.type_name(m);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "{fname} argument after ** must be a mapping, not {tn}"
                    ));
                }
                let d = self.new_dict()?;
                let dr = self.push_root(d)?;
                self.dict_update_from(dr, self.get(mr))?;
                self.get(dr)
            }
        };
        let sr = self.push_root(src)?;
        let mut pos = 0;
        while let Some((next, k, v)) = self.dict_next(self.get(sr), pos) {
            pos = next;
            let d = Value::from_raw_nonnull(self.slot(dslot));
            if self.dict_get_item(d, k)?.is_some() {
                let f = Value::from_raw_nonnull(self.slot(fslot));
                let fname = self.callable_display_name(f);
                if !self.is_str(k) {
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "{fname} keywords must be strings"
                    ));
                }
                let ks = self.str_string(k);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "{fname} got multiple values for keyword argument '{ks}'"
                ));
            }
            let (_, k, v) = self.dict_next(self.get(sr), pos - 1).unwrap_or((0, k, v));
            let d = Value::from_raw_nonnull(self.slot(dslot));
            self.dict_set_item(d, k, v)?;
        }
        self.truncate(mark);
        Ok(())
    }
}
