//! The `time` module: clocks (`time`, `perf_counter`, `monotonic`, `process_time`,
//! `thread_time` and their `_ns` forms), `sleep`, and calendar conversions through the C
//! library (`gmtime`, `localtime`, `mktime`, `strftime`, `asctime`, `ctime`, the timezone
//! constants). `struct_time` is a struct sequence (`modules::structseq`).

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

unsafe extern "C" {
    fn tzset();
}

fn clock(id: libc::clockid_t) -> (i64, i64) {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer; `clock_gettime` only writes it.
    unsafe { libc::clock_gettime(id, &mut ts) };
    (ts.tv_sec, ts.tv_nsec)
}

fn secs(id: libc::clockid_t) -> f64 {
    let (s, ns) = clock(id);
    s as f64 + ns as f64 * 1e-9
}

fn nanos(id: libc::clockid_t) -> i128 {
    let (s, ns) = clock(id);
    s as i128 * 1_000_000_000 + ns as i128
}

fn t_time(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "time", 0, 0)?;
    vm.new_float(secs(libc::CLOCK_REALTIME))
}
fn t_time_ns(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "time_ns", 0, 0)?;
    vm.new_int_i128(nanos(libc::CLOCK_REALTIME))
}
fn t_monotonic(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "monotonic", 0, 0)?;
    vm.new_float(secs(libc::CLOCK_MONOTONIC))
}
fn t_monotonic_ns(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "monotonic_ns", 0, 0)?;
    vm.new_int_i128(nanos(libc::CLOCK_MONOTONIC))
}
fn t_process_time(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "process_time", 0, 0)?;
    vm.new_float(secs(libc::CLOCK_PROCESS_CPUTIME_ID))
}
fn t_process_time_ns(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "process_time_ns", 0, 0)?;
    vm.new_int_i128(nanos(libc::CLOCK_PROCESS_CPUTIME_ID))
}
fn t_thread_time(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "thread_time", 0, 0)?;
    vm.new_float(secs(libc::CLOCK_THREAD_CPUTIME_ID))
}
fn t_thread_time_ns(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "thread_time_ns", 0, 0)?;
    vm.new_int_i128(nanos(libc::CLOCK_THREAD_CPUTIME_ID))
}

fn t_sleep(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "sleep", 1, 1)?;
    let s = vm.real_arg(args.get(vm, 0))?;
    if s.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    let end = std::time::Instant::now() + std::time::Duration::from_secs_f64(s.min(1e9));
    loop {
        let now = std::time::Instant::now();
        if now >= end {
            break;
        }
        if vm.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
            vm.run_pending_signals()?;
        }
        std::thread::sleep((end - now).min(std::time::Duration::from_millis(50)));
    }
    Ok(vm.none())
}

fn zeroed_tm() -> libc::tm {
    // SAFETY: `libc::tm` is a plain C struct for which all-zero bytes are valid (the zone
    // pointer becomes NULL).
    unsafe { std::mem::zeroed() }
}

fn secs_arg(vm: &mut Vm, args: Args, name: &str) -> PyResult<libc::time_t> {
    vm.check_args(args, name, 0, 1)?;
    match args.opt(vm, 0).filter(|v| !vm.is_none(*v)) {
        None => Ok(clock(libc::CLOCK_REALTIME).0 as libc::time_t),
        Some(v) => {
            let f = vm.real_arg(v)?;
            if f.is_nan() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            if !(-1e18..1e18).contains(&f) {
                return Err(vm.overflow_error("timestamp out of range for platform time_t"));
            }
            Ok(f.floor() as libc::time_t)
        }
    }
}

fn struct_time(vm: &mut Vm, tm: &libc::tm) -> PyResult<Value> {
    let ty = vm
        .named_global("time.struct_time")
        .expect("time module initialised");
    let vals = [
        tm.tm_year as i64 + 1900,
        tm.tm_mon as i64 + 1,
        tm.tm_mday as i64,
        tm.tm_hour as i64,
        tm.tm_min as i64,
        tm.tm_sec as i64,
        (tm.tm_wday as i64 + 6) % 7,
        tm.tm_yday as i64 + 1,
        tm.tm_isdst as i64,
    ];
    let vals: Vec<Value> = vals.iter().map(|&x| Value::small(x)).collect();
    let st = vm.new_structseq(ty, &vals)?;
    let sr = vm.push_root(st)?;
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-NULL `tm_zone` set by the C library points at a NUL-terminated
        // static string.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    let z = vm.new_str(&zone)?;
    let zn = vm.intern("tm_zone")?;
    vm.setattr(vm.get(sr), zn, z)?;
    let g = vm.new_int(tm.tm_gmtoff)?;
    let gn = vm.intern("tm_gmtoff")?;
    vm.setattr(vm.get(sr), gn, g)?;
    Ok(vm.get(sr))
}

fn t_gmtime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = secs_arg(vm, args, "gmtime")?;
    let mut tm = zeroed_tm();
    // SAFETY: valid pointers to a `time_t` and a `tm` out-parameter.
    let ok = unsafe { !libc::gmtime_r(&t, &mut tm).is_null() };
    if !ok {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    struct_time(vm, &tm)
}

fn t_localtime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = secs_arg(vm, args, "localtime")?;
    let mut tm = zeroed_tm();
    // SAFETY: valid pointers to a `time_t` and a `tm` out-parameter.
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if !ok {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    struct_time(vm, &tm)
}

/// A `tm` from a 9-item time tuple (or `struct_time`); `None` means "now, local time".
fn tm_arg(vm: &mut Vm, v: Option<Value>, name: &str) -> PyResult<libc::tm> {
    let mut tm = zeroed_tm();
    let Some(v) = v else {
        let t = clock(libc::CLOCK_REALTIME).0 as libc::time_t;
        // SAFETY: valid pointers to a `time_t` and a `tm` out-parameter.
        unsafe { libc::localtime_r(&t, &mut tm) };
        return Ok(tm);
    };
    let t = vm.payload_or_self(v);
    let Some(t) = vm.as_tuple_obj(t) else {
        return Err(crate::raise!(
            vm,
            TypeError,
            "Tuple or struct_time argument required"
        ));
    };
    if vm.tuple_len(t) != 9 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name}(): illegal time tuple argument"
        ));
    }
    let mut f = [0i64; 9];
    for (i, slot) in f.iter_mut().enumerate() {
        let x = vm.tuple_get(t, i);
        *slot = vm.index_i64(x)?;
    }
    tm.tm_year = (f[0] - 1900) as i32;
    tm.tm_mon = (f[1] - 1) as i32;
    tm.tm_mday = f[2] as i32;
    tm.tm_hour = f[3] as i32;
    tm.tm_min = f[4] as i32;
    tm.tm_sec = f[5] as i32;
    tm.tm_wday = ((f[6] + 1) % 7) as i32;
    tm.tm_yday = (f[7] - 1) as i32;
    tm.tm_isdst = f[8] as i32;
    Ok(tm)
}

fn t_mktime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "mktime", 1, 1)?;
    let mut tm = tm_arg(vm, Some(args.get(vm, 0)), "mktime")?;
    // SAFETY: `tm` is a valid, initialised `tm`.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(vm.overflow_error("mktime argument out of range"));
    }
    vm.new_float(t as f64)
}

fn t_strftime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "strftime", 1, 2)?;
    let f = args.get(vm, 0);
    let Some(fs) = vm.as_str_obj(f) else {
        let tn = vm.type_name(f);
        return Err(crate::raise!(
            vm,
            TypeError,
            "strftime() argument 1 must be str, not {tn}"
        ));
    };
    let fmt = vm.str_string(fs);
    let tm = tm_arg(vm, args.opt(vm, 1), "strftime")?;
    if fmt.is_empty() {
        return vm.new_str("");
    }
    let cfmt = match std::ffi::CString::new(fmt) {
        Ok(c) => c,
        Err(_) => return Err(vm.value_error("embedded null character")),
    };
    let mut size = 256;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` has `size` writable bytes; `cfmt` is NUL-terminated; `tm` is valid.
        let n = unsafe {
            libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
                cfmt.as_ptr(),
                &tm,
            )
        };
        if n > 0 || size > 1 << 20 {
            buf.truncate(n);
            return vm.new_str(&String::from_utf8_lossy(&buf));
        }
        size *= 4;
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn asctime_text(tm: &libc::tm) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn t_asctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "asctime", 0, 1)?;
    let tm = tm_arg(vm, args.opt(vm, 0), "asctime")?;
    vm.new_str(&asctime_text(&tm))
}

fn t_ctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = secs_arg(vm, args, "ctime")?;
    let mut tm = zeroed_tm();
    // SAFETY: valid pointers to a `time_t` and a `tm` out-parameter.
    unsafe { libc::localtime_r(&t, &mut tm) };
    vm.new_str(&asctime_text(&tm))
}

static TIME_FUNCTIONS: &[MethodDef] = &[
    func("time", t_time),
    func("time_ns", t_time_ns),
    func("monotonic", t_monotonic),
    func("monotonic_ns", t_monotonic_ns),
    func("perf_counter", t_monotonic),
    func("perf_counter_ns", t_monotonic_ns),
    func("process_time", t_process_time),
    func("process_time_ns", t_process_time_ns),
    func("thread_time", t_thread_time),
    func("thread_time_ns", t_thread_time_ns),
    func("sleep", t_sleep),
    func("gmtime", t_gmtime),
    func("localtime", t_localtime),
    func("mktime", t_mktime),
    func("strftime", t_strftime),
    func("asctime", t_asctime),
    func("ctime", t_ctime),
];

/// Builds the `time` module.
pub fn init_time(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_native_module("time", "time() -> floating point number", TIME_FUNCTIONS)?;
    let mr = vm.push_root(m)?;
    let st = vm.make_structseq_type(
        "time",
        "struct_time",
        &[
            "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday",
            "tm_isdst",
        ],
        9,
    )?;
    let str_ = vm.push_root(st)?;
    vm.set_named_global("time.struct_time", vm.get(str_));
    vm.module_set(vm.get(mr), "struct_time", vm.get(str_))?;
    // Timezone constants from January and July of this year.
    // SAFETY: `tzset` only reads the environment and sets libc's globals.
    unsafe { tzset() };
    let now = clock(libc::CLOCK_REALTIME).0 as libc::time_t;
    let mut tm = zeroed_tm();
    // SAFETY: valid pointers.
    unsafe { libc::localtime_r(&now, &mut tm) };
    let year = tm.tm_year;
    let probe = |mon: i32| {
        let mut t = zeroed_tm();
        t.tm_year = year;
        t.tm_mon = mon;
        t.tm_mday = 1;
        t.tm_isdst = -1;
        // SAFETY: `t` is a valid `tm`.
        let secs = unsafe { libc::mktime(&mut t) };
        let mut out = zeroed_tm();
        // SAFETY: valid pointers.
        unsafe { libc::localtime_r(&secs, &mut out) };
        let zone = if out.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: a non-NULL zone pointer from libc is a NUL-terminated static string.
            unsafe { std::ffi::CStr::from_ptr(out.tm_zone) }
                .to_string_lossy()
                .into_owned()
        };
        (-out.tm_gmtoff, zone)
    };
    let (jan_off, jan_zone) = probe(0);
    let (jul_off, jul_zone) = probe(6);
    let (std_off, std_zone, dst_off, dst_zone) = if jan_off < jul_off {
        (jul_off, jul_zone, jan_off, jan_zone)
    } else {
        (jan_off, jan_zone, jul_off, jul_zone)
    };
    vm.module_set(vm.get(mr), "timezone", Value::small(std_off))?;
    vm.module_set(vm.get(mr), "altzone", Value::small(dst_off))?;
    vm.module_set(
        vm.get(mr),
        "daylight",
        Value::small((std_off != dst_off) as i64),
    )?;
    let a = vm.new_str(&std_zone)?;
    let ar = vm.push_root(a)?;
    let b = vm.new_str(&dst_zone)?;
    let t = vm.tuple2(vm.get(ar), b)?;
    vm.module_set(vm.get(mr), "tzname", t)?;
    Ok(vm.get(mr))
}
