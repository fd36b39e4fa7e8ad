//! Breaks recursive types with `Box`.
//!
//! Union variants and expanded objects are always boxed (by the emitter), so a type can only
//! contain itself by value through struct fields. Every such field whose target can reach the
//! field's own struct again is boxed: all by-value edges inside a strongly connected component.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// The struct a field holds by value, if any (through `Option`-like wrappers only).
fn by_value_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Clearable(inner) => by_value_target(inner),
        _ => None,
    }
}

fn wrap_boxed(ty: &mut TypeRef) {
    match ty {
        TypeRef::Clearable(inner) => wrap_boxed(inner),
        TypeRef::Named(_) => *ty = TypeRef::Boxed(Box::new(ty.clone())),
        _ => {}
    }
}

/// Boxes every by-value struct field that lies on a cycle of types, so that every type has a
/// finite size.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let is_struct = |t: &TypeDef| matches!(t.kind, TypeKind::Struct(_));
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| by_value_target(&f.ty))
                .filter(|id| is_struct(&types[id.0]))
                .map(|id| id.0)
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        let TypeKind::Struct(s) = &mut t.kind else {
            continue;
        };
        for field in &mut s.fields {
            if let Some(target) = by_value_target(&field.ty)
                && edges[i].contains(&target.0)
                && component[target.0] == component[i]
            {
                wrap_boxed(&mut field.ty);
            }
        }
    }
}

/// Tarjan's algorithm, iterative; returns each node's component number.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        // 0 -> 1 -> 2 -> 0, 3 -> 0, 4 -> 4
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![0], vec![4]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
